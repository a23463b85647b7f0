package ec.gob.iess.clave.credential;

/**
 * Where an account's clave stands (PRODUCT.md §3): SIN_CLAVE → TEMPORAL → ACTIVA ⇄ BLOQUEADA; any →
 * SUSPENDIDA, which only a supervisor lifts. The transitions themselves are guarded in {@link Account}.
 */
public enum CredentialStatus {
	SIN_CLAVE, TEMPORAL, ACTIVA, BLOQUEADA, SUSPENDIDA;

	/** Only these may log in; every other state gets the same answer as a wrong clave. */
	boolean allowsLogin() {
		return this == TEMPORAL || this == ACTIVA;
	}
}
