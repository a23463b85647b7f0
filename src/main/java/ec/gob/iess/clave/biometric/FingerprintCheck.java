package ec.gob.iess.clave.biometric;

/** What a finger presented at the counter turned out to be. */
public enum FingerprintCheck {
	/** No finger was enrolled: this one is, from now on. */
	ENROLLED,
	/** The enrolled finger, at or above {@code clave.biometric.threshold}. */
	MATCHED,
	/** Not the enrolled finger: nothing was changed. */
	MISMATCHED
}
