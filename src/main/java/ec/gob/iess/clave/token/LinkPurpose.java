package ec.gob.iess.clave.token;

/** What a link may be used for: a token issued for one purpose is refused for any other. */
public enum LinkPurpose {
	RECOVERY, UNLOCK, CONTACT_CONFIRMATION,
	/**
	 * "No fui yo" in a notice: it can only freeze the account, so it lives long and is not voided by a newer
	 * one nor by a change of the clave, which may be the thief's (decision 106); a suspension ends it.
	 */
	FRAUD_REPORT;

	/** Whether a newer link of the same purpose, or a change of the clave, voids this one. */
	boolean voidedByChanges() {
		return this != FRAUD_REPORT;
	}
}
