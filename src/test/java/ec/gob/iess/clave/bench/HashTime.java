package ec.gob.iess.clave.bench;

import java.util.Arrays;
import java.util.Locale;

import ec.gob.iess.clave.credential.HashingSettings;
import ec.gob.iess.clave.credential.PasswordHasher;

/**
 * The single-hash time for bench/compare-keycloak.sh: the median of {@code --samples} Argon2id verifications (m=19456,
 * t=2, p=1) of the bench clave in one thread, with Clave's {@link PasswordHasher} (the best native library that loads), or
 * with {@code --bouncy-castle=true} its pure Java engine, Bouncy Castle's {@code Argon2BytesGenerator}, which is what
 * Keycloak's argon2 provider runs (put Keycloak's own bcprov jar first on the class path to time its very version).
 * Prints {@code HASH_MS=<median>} last. Not a test.
 */
public final class HashTime {

	private HashTime() {
	}

	public static void main(String[] args) {
		int samples = 21;
		boolean bouncyCastle = false;
		for (String arg : args) {
			if (arg.startsWith("--samples=")) {
				samples = Integer.parseInt(arg.substring("--samples=".length()));
			}
			else if (arg.startsWith("--bouncy-castle=")) {
				bouncyCastle = Boolean.parseBoolean(arg.substring("--bouncy-castle=".length()));
			}
			else {
				throw new IllegalArgumentException("arguments: --samples=N --bouncy-castle=true|false, got " + arg);
			}
		}
		PasswordHasher hasher = new PasswordHasher(HashingSettings.defaults(),
				bouncyCastle ? PasswordHasher.Implementation.BOUNCY_CASTLE : PasswordHasher.Implementation.LIBSODIUM);
		String phc = hasher.hash(LoginBenchmark.CLAVE);
		for (int i = 0; i < 5; i++) {
			hasher.verify(LoginBenchmark.CLAVE, phc);
		}
		long[] nanos = new long[samples];
		for (int i = 0; i < samples; i++) {
			long start = System.nanoTime();
			if (!hasher.verify(LoginBenchmark.CLAVE, phc)) {
				throw new IllegalStateException("the hasher does not verify its own hash");
			}
			nanos[i] = System.nanoTime() - start;
		}
		Arrays.sort(nanos);
		String where = bouncyCastle ? org.bouncycastle.crypto.generators.Argon2BytesGenerator.class.getProtectionDomain()
			.getCodeSource()
			.getLocation()
			.getPath()
			.replaceAll(".*/", "") : "";
		System.out.printf(Locale.ROOT, "%s on java %s %s: median %.1f ms (min %.1f, max %.1f) of %d%n", hasher,
				System.getProperty("java.version"), where, nanos[samples / 2] / 1e6, nanos[0] / 1e6,
				nanos[samples - 1] / 1e6, samples);
		System.out.printf(Locale.ROOT, "HASH_MS=%.1f%n", nanos[samples / 2] / 1e6);
	}
}
