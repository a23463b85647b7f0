package ec.gob.iess.clave.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

	private static String stored;

	@BeforeAll
	static void hashOnce() {
		hasher = new PasswordHasher(HashingSettings.DEFAULTS);
		bouncyCastle = new PasswordHasher(HashingSettings.DEFAULTS, true);
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

	@Test
	void usesTheNativeLibraryWhenItLoadsAndBouncyCastleWhenForced() {
		assertThat(hasher.implementation()).isIn("native", "bouncycastle");
		assertThat(bouncyCastle.implementation()).isEqualTo("bouncycastle");
	}

	@Test
	void readsWhatTheOtherImplementationWrote() {
		assumeTrue(hasher.implementation().equals("native"), "native Argon2 not available on this platform");
		String byBouncyCastle = bouncyCastle.hash(CLAVE);
		assertThat(hasher.verify(CLAVE, byBouncyCastle)).isTrue();
		assertThat(bouncyCastle.verify(CLAVE, stored)).isTrue();
		assertThat(bouncyCastle.verify("otra clave cualquiera", stored)).isFalse();
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
