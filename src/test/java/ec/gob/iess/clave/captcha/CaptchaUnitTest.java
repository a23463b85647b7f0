package ec.gob.iess.clave.captcha;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ALTCHA rule on a fixed clock, without Spring or a database (API.md Captcha). */
class CaptchaUnitTest {

	static final String KEY = "una clave de firma de pruebas con 256 bits o más";
	static final Instant NOW = Instant.parse("2026-11-03T14:00:00.250Z");
	static final Duration TTL = Duration.ofMinutes(5);
	static final int MAX_NUMBER = 2000;
	static final JsonMapper JSON = JsonMapper.builder().build();

	static AltchaProofOfWork at(Instant instant) {
		return withKey(KEY, instant);
	}

	static AltchaProofOfWork withKey(String key, Instant instant) {
		return new AltchaProofOfWork(() -> key, MAX_NUMBER, TTL, Clock.fixed(instant, ZoneOffset.UTC));
	}

	/** Brute force, as the browser's worker does. */
	static long solve(Captcha.Challenge challenge) {
		for (long n = 0; n <= challenge.maxnumber(); n++) {
			if (sha256(challenge.salt() + n).equals(challenge.challenge())) {
				return n;
			}
		}
		throw new AssertionError("no solution up to " + challenge.maxnumber());
	}

	static String sha256(String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	static Map<String, Object> fields(Captcha.Challenge challenge) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("algorithm", challenge.algorithm());
		fields.put("challenge", challenge.challenge());
		fields.put("number", solve(challenge));
		fields.put("salt", challenge.salt());
		fields.put("signature", challenge.signature());
		return fields;
	}

	static String payload(Map<String, Object> fields) {
		return base64(JSON.writeValueAsString(fields));
	}

	static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	/** A solved challenge with one field changed by {@code change}. */
	static String solvedThen(Consumer<Map<String, Object>> change) {
		Map<String, Object> fields = fields(at(NOW).issue());
		change.accept(fields);
		return payload(fields);
	}

	static void assertRefused(String payload, RefusalCode code) {
		assertThatThrownBy(() -> at(NOW).check(payload)).isInstanceOfSatisfying(Refusal.class,
				e -> assertThat(e.code()).isEqualTo(code));
	}

	@Test
	void aChallengeHasTheFiveFieldsOfAltchaAndItsExpiryInTheSalt() {
		Captcha.Challenge challenge = at(NOW).issue();

		assertThat(challenge.algorithm()).isEqualTo("SHA-256");
		assertThat(challenge.maxnumber()).isEqualTo(MAX_NUMBER);
		assertThat(challenge.challenge()).matches("[0-9a-f]{64}");
		assertThat(challenge.signature()).matches("[0-9a-f]{64}");
		assertThat(challenge.salt()).endsWith("?expires=" + NOW.plus(TTL).getEpochSecond() + "&");
	}

	@Test
	void everyChallengeIsNew() {
		assertThat(at(NOW).issue().salt()).isNotEqualTo(at(NOW).issue().salt());
	}

	@Test
	void aSolvedChallengeVerifies() {
		Captcha.Challenge challenge = at(NOW).issue();

		AltchaProofOfWork.Solution solution = at(NOW).check(payload(fields(challenge)));

		assertThat(solution.challenge()).isEqualTo(challenge.challenge());
		assertThat(solution.expiresAt()).isEqualTo(Instant.ofEpochSecond(NOW.plus(TTL).getEpochSecond()));
	}

	@Test
	void aSolutionWorksUntilJustBeforeTheTtlAndNotAfter() {
		String payload = payload(fields(at(NOW).issue()));

		at(NOW.plus(TTL).minusSeconds(10)).check(payload);
		for (Instant late : new Instant[] { NOW.plus(TTL), NOW.plus(TTL).plusSeconds(10), NOW.plus(Duration.ofDays(1)) }) {
			assertThatThrownBy(() -> at(late).check(payload)).isInstanceOfSatisfying(Refusal.class,
					e -> assertThat(e.code()).isEqualTo(RefusalCode.CAPTCHA_INVALID));
		}
	}

	@Test
	void aChallengeSignedWithAnotherKeyIsRefused() {
		String payload = payload(fields(withKey("otra clave de firma, de otro servidor ajeno", NOW).issue()));

		assertRefused(payload, RefusalCode.CAPTCHA_INVALID);
	}

	@Test
	void paddingAndSurroundingSpacesOfTheBase64AreAccepted() {
		String payload = payload(fields(at(NOW).issue()));

		at(NOW).check("  " + payload + "\n");
	}

	/** Decision 67: the level is signed into the salt, so a solver cannot claim a higher one than it did. */
	@Nested
	class Levels {

		@Test
		void aHigherLevelDoublesMaxnumberAndNamesItselfInTheSignedSalt() {
			Captcha.Challenge challenge = at(NOW).issue(2);

			assertThat(challenge.maxnumber()).isEqualTo(4 * MAX_NUMBER);
			assertThat(challenge.salt()).contains("expires=" + NOW.plus(TTL).getEpochSecond() + "&").contains("level=2&");
			assertThat(at(NOW).check(payload(fields(challenge))).level()).isEqualTo(2);
		}

		@Test
		void levelZeroKeepsTheSaltOfBeforeAndReadsAsZero() {
			Captcha.Challenge challenge = at(NOW).issue(0);

			assertThat(challenge.salt()).doesNotContain("level=");
			assertThat(at(NOW).check(payload(fields(challenge))).level()).isZero();
		}

		@Test
		void aLevelWrittenIntoTheSaltAfterwardsBreaksTheSignature() {
			assertRefused(solvedThen(f -> f.put("salt", f.get("salt") + "level=3&")), RefusalCode.CAPTCHA_INVALID);
		}

		@Test
		void aLevelRaisedInTheSaltBreaksTheSignature() {
			Map<String, Object> fields = fields(at(NOW).issue(1));
			fields.put("salt", ((String) fields.get("salt")).replace("level=1", "level=2"));

			assertRefused(payload(fields), RefusalCode.CAPTCHA_INVALID);
		}
	}

	@Nested
	class Required {

		@Test
		void nullIsRequired() {
			assertRefused(null, RefusalCode.CAPTCHA_REQUIRED);
		}

		@Test
		void emptyIsRequired() {
			assertRefused("", RefusalCode.CAPTCHA_REQUIRED);
		}

		@Test
		void blankIsRequired() {
			assertRefused(" \t\n", RefusalCode.CAPTCHA_REQUIRED);
		}
	}

	@Nested
	class Invalid {

		@Test
		void wrongNumber() {
			assertRefused(solvedThen(f -> f.put("number", (Long) f.get("number") + 1)), RefusalCode.CAPTCHA_INVALID);
		}

		@Test
		void alteredSalt() {
			assertRefused(solvedThen(f -> f.put("salt", "0" + f.get("salt"))), RefusalCode.CAPTCHA_INVALID);
		}

		@Test
		void saltWithALaterExpiry() {
			assertRefused(solvedThen(f -> f.put("salt",
					((String) f.get("salt")).replaceAll("expires=\\d+", "expires=" + NOW.plus(Duration.ofDays(365)).getEpochSecond()))),
					RefusalCode.CAPTCHA_INVALID);
		}

		@Test
		void alteredChallenge() {
			assertRefused(solvedThen(f -> f.put("challenge", flipLast((String) f.get("challenge")))), RefusalCode.CAPTCHA_INVALID);
		}

		@Test
		void alteredSignature() {
			assertRefused(solvedThen(f -> f.put("signature", flipLast((String) f.get("signature")))), RefusalCode.CAPTCHA_INVALID);
		}

		@Test
		void upperCaseSignature() {
			assertRefused(solvedThen(f -> f.put("signature", ((String) f.get("signature")).toUpperCase())),
					RefusalCode.CAPTCHA_INVALID);
		}

		@Test
		void otherAlgorithm() {
			assertRefused(solvedThen(f -> f.put("algorithm", "SHA-1")), RefusalCode.CAPTCHA_INVALID);
		}

		@Test
		void aSelfMadeChallengeWithoutTheKey() {
			Map<String, Object> fields = new LinkedHashMap<>();
			String salt = "abc?expires=" + NOW.plus(TTL).getEpochSecond() + "&";
			fields.put("algorithm", "SHA-256");
			fields.put("challenge", sha256(salt + 7));
			fields.put("number", 7);
			fields.put("salt", salt);
			fields.put("signature", sha256("a guess"));
			assertRefused(payload(fields), RefusalCode.CAPTCHA_INVALID);
		}

		@Test
		void aSaltWithoutExpiry() {
			// Made with the right key but without ?expires=: such a solution would never expire.
			org.altcha.altcha.Altcha.ChallengeOptions options = new org.altcha.altcha.Altcha.ChallengeOptions()
				.setHmacKey(KEY).setMaxNumber(50L).setSecureRandomNumber(true);
			org.altcha.altcha.Altcha.Challenge made;
			try {
				made = org.altcha.altcha.Altcha.createChallenge(options);
			}
			catch (Exception e) {
				throw new IllegalStateException(e);
			}
			Captcha.Challenge forever = new Captcha.Challenge(made.algorithm, made.challenge, made.maxnumber.intValue(),
					made.salt, made.signature);
			assertRefused(payload(fields(forever)), RefusalCode.CAPTCHA_INVALID);
		}

		@Test
		void numberAsText() {
			assertRefused(solvedThen(f -> f.put("number", String.valueOf(f.get("number")))), RefusalCode.CAPTCHA_INVALID);
		}

		@Test
		void negativeOrFractionalNumber() {
			assertRefused(solvedThen(f -> f.put("number", -1)), RefusalCode.CAPTCHA_INVALID);
			assertRefused(solvedThen(f -> f.put("number", ((Long) f.get("number")) + 0.5)), RefusalCode.CAPTCHA_INVALID);
		}

		@Test
		void missingField() {
			for (String field : new String[] { "algorithm", "challenge", "number", "salt", "signature" }) {
				assertRefused(solvedThen(f -> f.remove(field)), RefusalCode.CAPTCHA_INVALID);
			}
		}

		@Test
		void malformedBase64() {
			assertRefused("esto no es base64 !!", RefusalCode.CAPTCHA_INVALID);
			assertRefused("%%%", RefusalCode.CAPTCHA_INVALID);
		}

		@Test
		void malformedJson() {
			assertRefused(base64("{\"algorithm\":\"SHA-256\","), RefusalCode.CAPTCHA_INVALID);
			assertRefused(base64("[1,2,3]"), RefusalCode.CAPTCHA_INVALID);
			assertRefused(base64("\"texto\""), RefusalCode.CAPTCHA_INVALID);
			assertRefused(base64("null"), RefusalCode.CAPTCHA_INVALID);
			assertRefused(base64("{}"), RefusalCode.CAPTCHA_INVALID);
		}

		@Test
		void trailingDataAfterTheJson() {
			Map<String, Object> fields = fields(at(NOW).issue());
			assertRefused(base64(JSON.writeValueAsString(fields) + "{}"), RefusalCode.CAPTCHA_INVALID);
		}

		@Test
		void duplicatedFields() {
			Map<String, Object> fields = fields(at(NOW).issue());
			String json = JSON.writeValueAsString(fields).replaceFirst("^\\{", "{\"algorithm\":\"SHA-1\",");
			assertRefused(base64(json), RefusalCode.CAPTCHA_INVALID);
		}

		@Test
		void hugePayload() {
			assertRefused("A".repeat(100_000), RefusalCode.CAPTCHA_INVALID);
		}

		@Test
		void urlSafeOrBinaryGarbage() {
			assertRefused(Base64.getEncoder().encodeToString(new byte[] { (byte) 0xff, 0, 1, 2, (byte) 0xfe }),
					RefusalCode.CAPTCHA_INVALID);
		}
	}

	static String flipLast(String hex) {
		char last = hex.charAt(hex.length() - 1);
		return hex.substring(0, hex.length() - 1) + (last == '0' ? '1' : '0');
	}
}
