package ec.gob.iess.clave.credential;

import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;

import org.springframework.stereotype.Component;

/**
 * Argon2id behind the concurrency gate: every hash in Clave goes through here, so memory stays
 * bounded and excess load is shed with 503 + Retry-After instead of queueing without end.
 */
@Component
class Hashing {

	private final PasswordHasher hasher;
	private final HashingGate gate;
	private final CredentialMetrics metrics;

	Hashing(PasswordHasher hasher, HashingGate gate, CredentialMetrics metrics) {
		this.hasher = hasher;
		this.gate = gate;
		this.metrics = metrics;
	}

	/** Verifies against {@code phc}, or against a dummy hash when there is none, so timing tells nothing. */
	public boolean verify(CharSequence clave, String phc) {
		String target = phc == null ? hasher.dummyHash() : phc;
		CharSequence candidate = normalised(clave == null ? "" : clave);
		boolean matches = guarded(() -> hasher.verify(candidate, target));
		return matches && phc != null;
	}

	public String hash(CharSequence clave) {
		CharSequence normalised = normalised(clave);
		return guarded(() -> hasher.hash(normalised));
	}

	/**
	 * NFKC before hashing (NIST SP 800-63B-4 §3.1.1.2): "ñ" typed as one character or as "n" plus a
	 * combining tilde, on different phones, is the same clave.
	 */
	private static CharSequence normalised(CharSequence clave) {
		return java.text.Normalizer.normalize(clave, java.text.Normalizer.Form.NFKC);
	}

	boolean needsRehash(String phc) {
		return hasher.needsRehash(phc);
	}

	private <T> T guarded(java.util.function.Supplier<T> work) {
		try {
			return gate.run(metrics.timed(work));
		}
		catch (HashingOverloadedException e) {
			throw new Refusal(RefusalCode.UNAVAILABLE, java.util.List.of(), Math.max(1, e.retryAfter().toSeconds()));
		}
	}
}
