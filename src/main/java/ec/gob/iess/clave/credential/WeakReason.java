package ec.gob.iess.clave.credential;

/**
 * Why a clave was refused. The API sends these names in {@code "reasons":[…]}; the pages show the message
 * under {@link #messageKey()}. A clave may have several reasons at once; none means it is acceptable.
 */
public enum WeakReason {

	/** Fewer code points than the configured minimum (or no clave at all). */
	TOO_SHORT,
	/** More code points than the configured maximum. */
	TOO_LONG,
	/** A common or breached password, or one barely disguised (digits, symbols, repetition added). */
	COMMON,
	/** Contains the person's cédula or RUC. */
	CONTAINS_IDENTIFIER,
	/** Contains one of the person's names. */
	CONTAINS_NAME,
	/** Contains the person's birth date. */
	CONTAINS_BIRTH_DATE,
	/** Contains the institution's name (IESS, seguro social, …). */
	CONTAINS_INSTITUTION,
	/** Three or fewer distinct characters, a short pattern repeated, or a plain sequence or keyboard row. */
	REPETITIVE,
	/** The new clave is the current one: nothing would change. */
	SAME_AS_CURRENT;

	/** The message key, e.g. {@code clave.weak.too-short}. */
	public String messageKey() {
		return "clave.weak." + name();
	}
}
