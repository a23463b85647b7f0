package ec.gob.iess.clave.token;

/** What a link may be used for: a token issued for one purpose is refused for any other. */
public enum LinkPurpose {
	RECOVERY, UNLOCK, CONTACT_CONFIRMATION
}
