package ec.gob.iess.clave.identity;

/** Which identifier an {@link InvalidIdentifierException} is about, so callers can point at the right field. */
public enum IdentifierField {
	CEDULA, RUC, FINGERPRINT_CODE
}
