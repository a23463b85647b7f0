package ec.gob.iess.clave.owner;

/** How using an emailed link of this module ends; callers switch over it. */
public sealed interface LinkOutcome {

	/** Done for this account. */
	record Done(String account) implements LinkOutcome {
	}

	/**
	 * Unknown, used, voided, other purpose or expired, as one answer; {@code expired} only lets the page say
	 * so rather than "not valid".
	 */
	record Refused(boolean expired) implements LinkOutcome {
	}
}
