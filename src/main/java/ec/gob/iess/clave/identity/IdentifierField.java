package ec.gob.iess.clave.identity;

/** Which identifier (or contact address) an {@link InvalidIdentifierException} is about, so callers can point at the right field. */
public enum IdentifierField {
	CEDULA, RUC, FINGERPRINT_CODE, EMAIL, EMAIL_NOT_ASCII
}
