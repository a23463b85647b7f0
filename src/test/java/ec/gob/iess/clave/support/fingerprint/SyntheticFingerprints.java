package ec.gob.iess.clave.support.fingerprint;

/**
 * Test fingerprints made by the project: a finger is a seed, and each of its impressions is another
 * deterministic image of the same ridges (decision 80). Nothing here comes from a real person.
 */
public final class SyntheticFingerprints {

	private SyntheticFingerprints() {
	}

	public static Finger finger(long seed) {
		return new Finger(seed);
	}
}
