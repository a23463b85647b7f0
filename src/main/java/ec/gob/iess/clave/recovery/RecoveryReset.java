package ec.gob.iess.clave.recovery;

import ec.gob.iess.clave.credential.Username;

/**
 * How setting a clave through a recovery link ends; callers switch over it. A clave the policy refuses
 * or a missing acceptance is the form's problem, not an outcome: those are refusals, and leave the link usable.
 */
public sealed interface RecoveryReset {

	/** The clave of {@code account} is set; the person logs in with it (never automatically). */
	record Done(Username account) implements RecoveryReset {
	}

	/**
	 * Unknown, used, voided, other purpose or expired, as one answer; {@code expired} only lets the page
	 * say "ask for a new one" rather than "not valid".
	 */
	record LinkRefused(boolean expired) implements RecoveryReset {
	}
}
