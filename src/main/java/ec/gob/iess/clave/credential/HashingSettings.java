package ec.gob.iess.clave.credential;

/**
 * Argon2id cost parameters for new hashes (RFC 9106; OWASP's floor for Argon2id is 19 MiB, 2 iterations, 1 lane,
 * which is the default here). Raising them makes {@link PasswordHasher#needsRehash} answer true for older hashes,
 * which are then rehashed at the next successful login.
 *
 * @param memoryKib memory per hash in KiB (at least 8 × parallelism, at most 1 GiB)
 * @param iterations passes over the memory (1–64)
 * @param parallelism lanes (1–16)
 */
public record HashingSettings(int memoryKib, int iterations, int parallelism) {

	/** 19 MiB, 2 iterations, 1 lane. */
	public static final HashingSettings DEFAULTS = new HashingSettings(19_456, 2, 1);

	static final int MAX_MEMORY_KIB = 1 << 20;

	static final int MAX_ITERATIONS = 64;

	static final int MAX_PARALLELISM = 16;

	public HashingSettings {
		if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
			throw new IllegalArgumentException("argon2 parallelism must be 1.." + MAX_PARALLELISM + ", got " + parallelism);
		}
		if (iterations < 1 || iterations > MAX_ITERATIONS) {
			throw new IllegalArgumentException("argon2 iterations must be 1.." + MAX_ITERATIONS + ", got " + iterations);
		}
		if (memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) {
			throw new IllegalArgumentException(
					"argon2 memory must be 8 x parallelism.." + MAX_MEMORY_KIB + " KiB, got " + memoryKib);
		}
	}

	public static HashingSettings defaults() {
		return DEFAULTS;
	}
}
