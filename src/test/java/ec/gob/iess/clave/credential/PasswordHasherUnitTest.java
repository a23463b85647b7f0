package ec.gob.iess.clave.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherUnitTest {

	private static final String CLAVE = "caballo correcto batería grapa 🐎";

	private static PasswordHasher hasher;

	private static PasswordHasher bouncyCastle;

	private static PasswordHasher libargon2;

	private static String stored;

	@BeforeAll
	static void hashOnce() {
		hasher = new PasswordHasher(HashingSettings.DEFAULTS);
		bouncyCastle = new PasswordHasher(HashingSettings.DEFAULTS, PasswordHasher.Implementation.BOUNCY_CASTLE);
		libargon2 = new PasswordHasher(HashingSettings.DEFAULTS, PasswordHasher.Implementation.LIBARGON2);
		stored = hasher.hash(CLAVE);
	}

	@Test
	void producesAStandardPhcStringWithTheConfiguredParameters() {
		assertThat(stored).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
		String[] parts = stored.split("\\$");
		assertThat(Base64.getDecoder().decode(parts[4])).hasSize(16);
		assertThat(Base64.getDecoder().decode(parts[5])).hasSize(32);
	}

	@Test
	void storesOtherParametersWhenConfiguredSo() {
		PasswordHasher cheap = new PasswordHasher(new HashingSettings(64, 3, 2));
		assertThat(cheap.hash(CLAVE)).startsWith("$argon2id$v=19$m=64,t=3,p=2$");
		assertThat(cheap.implementation()).as("libsodium computes p = 1 only").isEqualTo("libargon2");
	}

	@Test
	void saltsEveryHashSoTheSameClaveHashesDifferently() {
		assertThat(hasher.hash(CLAVE)).isNotEqualTo(stored);
	}

	@Test
	void verifiesTheRightClaveAndNoOther() {
		assertThat(hasher.verify(CLAVE, stored)).isTrue();
		assertThat(hasher.verify(CLAVE.replace("\uD83D\uDC0E", "\uD83D\uDC34"), stored)).isFalse();
		assertThat(hasher.verify("caballo correcto batería grapa", stored)).isFalse();
		assertThat(hasher.verify(new StringBuilder(CLAVE), stored)).isTrue();
	}

	/**
	 * libsodium is used wherever the system has it (CI installs Debian's libsodium23, .ci/run); a machine with only a
	 * JDK gets libargon2, which argon2-jvm's jar carries. Whether the system has it is asked of JNA directly.
	 */
	@Test
	void usesTheBestLibraryThatLoadsAndNoBetterThanAllowed() {
		boolean systemHasLibsodium;
		try {
			com.sun.jna.NativeLibrary.getInstance("sodium");
			systemHasLibsodium = true;
		}
		catch (UnsatisfiedLinkError e) {
			systemHasLibsodium = false;
		}
		assertThat(hasher.implementation()).isEqualTo(systemHasLibsodium ? "libsodium" : "libargon2");
		assertThat(libargon2.implementation()).isEqualTo("libargon2");
		assertThat(bouncyCastle.implementation()).isEqualTo("bouncycastle");
		assertThat(hasher).hasToString("PasswordHasher[argon2id m=19456 KiB, t=2, p=1, " + hasher.implementation() + "]");
	}

	@Test
	void eachImplementationReadsWhatTheOthersWrote() {
		PasswordHasher[] all = { hasher, libargon2, bouncyCastle };
		for (PasswordHasher writer : all) {
			String written = writer == hasher ? stored : writer.hash(CLAVE);
			for (PasswordHasher reader : all) {
				assertThat(reader.verify(CLAVE, written)).as("%s reads %s", reader, writer).isTrue();
				assertThat(reader.verify("otra clave cualquiera", written)).isFalse();
			}
		}
	}

	@Test
	void refusesALibraryThatDoesNotLoadOrDisagreesWithBouncyCastle() {
		PasswordHasher.Engine missing = PasswordHasher.checked(PasswordHasher.Implementation.LIBSODIUM, () -> {
			throw new UnsatisfiedLinkError("Unable to load library 'sodium'");
		});
		assertThat(missing).isNull();
		// Right for argon2id, wrong for argon2d: one wrong type is enough to refuse it.
		PasswordHasher.Engine wrongForOneType = (type, version, memoryKib, iterations, parallelism, password, salt,
				hashLength) -> {
			PasswordHasher.Phc shape = new PasswordHasher.Phc(type == PasswordHasher.Type.ARGON2D
					? PasswordHasher.Type.ARGON2I : type, version, memoryKib, iterations, parallelism, salt, new byte[0]);
			return bouncyCastleBytes(shape, salt, hashLength, password);
		};
		assertThat(PasswordHasher.checked(PasswordHasher.Implementation.LIBARGON2, () -> wrongForOneType)).isNull();
		PasswordHasher.Engine right = (type, version, memoryKib, iterations, parallelism, password, salt,
				hashLength) -> bouncyCastleBytes(
						new PasswordHasher.Phc(type, version, memoryKib, iterations, parallelism, salt, new byte[0]), salt,
						hashLength, password);
		assertThat(PasswordHasher.checked(PasswordHasher.Implementation.LIBARGON2, () -> right)).isSameAs(right);
	}

	@Test
	void readsTheKernelsModeOfTransparentHugePages(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
			throws java.io.IOException {
		java.nio.file.Path file = dir.resolve("enabled");
		java.nio.file.Files.writeString(file, "always [madvise] never\n");
		assertThat(PasswordHasher.transparentHugePages(file)).isEqualTo("madvise");
		java.nio.file.Files.writeString(file, "[always] madvise never\n");
		assertThat(PasswordHasher.transparentHugePages(file)).isEqualTo("always");
		java.nio.file.Files.writeString(file, "nothing selected\n");
		assertThat(PasswordHasher.transparentHugePages(file)).isNull();
		assertThat(PasswordHasher.transparentHugePages(dir.resolve("absent"))).isNull();
	}

	/**
	 * Shapes libsodium does not compute (p > 1, argon2i and argon2d, an 8-byte salt, version 0x10, a 64-byte hash)
	 * go to the next engine; each answers as Bouncy Castle does.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "$argon2id$v=19$m=64,t=2,p=2$", "$argon2i$v=19$m=64,t=1,p=1$", "$argon2d$v=19$m=64,t=2,p=1$",
			"$argon2id$v=16$m=64,t=2,p=1$", "$argon2id$m=64,t=2,p=1$" })
	void verifiesShapesLibsodiumLeavesToTheNextEngine(String prefix) {
		PasswordHasher.Phc shape = PasswordHasher.Phc.parse(prefix + "c2hvcnRzYWx0$" + "A".repeat(43));
		for (byte[] salt : new byte[][] { "shortsal".getBytes(), "IESS-clave-salt!".getBytes() }) {
			for (int hashLength : new int[] { 32, 64 }) {
				byte[] expected = bouncyCastleBytes(shape, salt, hashLength);
				String phc = new PasswordHasher.Phc(shape.type(), shape.version(), shape.memoryKib(),
						shape.iterations(), shape.parallelism(), salt, expected)
					.format();
				assertThat(hasher.verify(CLAVE, phc)).as(phc).isTrue();
				assertThat(libargon2.verify(CLAVE, phc)).as(phc).isTrue();
				assertThat(hasher.verify("otra", phc)).as(phc).isFalse();
			}
		}
	}

	private static byte[] bouncyCastleBytes(PasswordHasher.Phc shape, byte[] salt, int hashLength) {
		return bouncyCastleBytes(shape, salt, hashLength, CLAVE.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	private static byte[] bouncyCastleBytes(PasswordHasher.Phc shape, byte[] salt, int hashLength, byte[] password) {
		org.bouncycastle.crypto.params.Argon2Parameters parameters = new org.bouncycastle.crypto.params.Argon2Parameters.Builder(
				shape.type().bouncyCastle)
			.withVersion(shape.version())
			.withMemoryAsKB(shape.memoryKib())
			.withIterations(shape.iterations())
			.withParallelism(shape.parallelism())
			.withSalt(salt)
			.build();
		org.bouncycastle.crypto.generators.Argon2BytesGenerator generator = new org.bouncycastle.crypto.generators.Argon2BytesGenerator();
		generator.init(parameters);
		byte[] out = new byte[hashLength];
		generator.generateBytes(password, out);
		return out;
	}

	@Test
	void bouncyCastleReadsTheReferenceImplementationsTestVector() {
		// From the Argon2 reference implementation's test suite (phc-winner-argon2, src/test.c).
		String reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
		assertThat(bouncyCastle.verify("password", reference)).isTrue();
	}

	@Test
	void asksForARehashOnlyWhenTheConfiguredCostRose() {
		assertThat(hasher.needsRehash(stored)).isFalse();
		PasswordHasher moreMemory = new PasswordHasher(new HashingSettings(19_457, 2, 1));
		PasswordHasher moreIterations = new PasswordHasher(new HashingSettings(19_456, 3, 1));
		assertThat(moreMemory.needsRehash(stored)).isTrue();
		assertThat(moreIterations.needsRehash(stored)).isTrue();
		PasswordHasher cheaper = new PasswordHasher(new HashingSettings(64, 1, 1));
		assertThat(cheaper.needsRehash(stored)).isFalse();
	}

	@Test
	void asksForARehashOfOtherArgon2VariantsAndUnreadableValues() {
		String argon2i = stored.replace("$argon2id$", "$argon2i$");
		assertThat(hasher.needsRehash(argon2i)).isTrue();
		assertThat(hasher.needsRehash(null)).isTrue();
		assertThat(hasher.needsRehash("$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy")).isTrue();
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "garbage", "$argon2id$v=19$m=19456,t=2,p=1$!!!!$????",
			"$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ", "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$",
			"$argon2id$v=18$m=19456,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
			"$argon2id$v=19$m=99999999999,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
			"$argon2id$v=19$m=19456,t=0,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
			"$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ=$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
			"$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E",
			"$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy" })
	void answersFalseForAMissingOrMalformedStoredValue(String phc) {
		assertThat(hasher.verify(CLAVE, phc)).isFalse();
		assertThat(hasher.needsRehash(phc)).isTrue();
	}

	@Test
	void answersFalseForNoClave() {
		assertThat(hasher.verify(null, stored)).isFalse();
		assertThatThrownBy(() -> hasher.hash(null)).isInstanceOf(NullPointerException.class);
	}

	@Test
	void offersAFixedDummyHashWithTheConfiguredCostThatNothingVerifies() {
		assertThat(hasher.dummyHash()).isSameAs(hasher.dummyHash())
			.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")
			.isNotEqualTo(bouncyCastle.dummyHash());
		assertThat(hasher.needsRehash(hasher.dummyHash())).isFalse();
		assertThat(hasher.verify("", hasher.dummyHash())).isFalse();
		assertThat(hasher.verify(CLAVE, hasher.dummyHash())).isFalse();
	}

	@Test
	void hashesTheEmptyClaveToo() {
		String empty = hasher.hash("");
		assertThat(hasher.verify("", empty)).isTrue();
		assertThat(hasher.verify(" ", empty)).isFalse();
	}
}
