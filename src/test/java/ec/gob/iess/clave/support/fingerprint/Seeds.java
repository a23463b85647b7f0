package ec.gob.iess.clave.support.fingerprint;

/** Independent random streams from (seed, purpose) pairs, the same on every machine. */
final class Seeds {

	private Seeds() {
	}

	static long mix(long a, long b) {
		return scramble(scramble(a) ^ (b * 0x9e3779b97f4a7c15L));
	}

	/** SplitMix64's finaliser: every input bit reaches every output bit. */
	private static long scramble(long z) {
		z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
		z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
		return z ^ (z >>> 31);
	}
}
