package ec.gob.iess.clave.unlock;

/** How confirming an unlock link ends; callers switch over it. */
public sealed interface UnlockConfirmation {

	/** The account is unlocked; the page offers Ingresar, or Generar/recuperar clave, with its number. */
	record Unlocked(String account) implements UnlockConfirmation {
	}

	/**
	 * Unknown, used, voided, other purpose or expired, as one answer; {@code expired} only lets the page
	 * say "ask for a new one" rather than "not valid".
	 */
	record LinkRefused(boolean expired) implements UnlockConfirmation {
	}
}
