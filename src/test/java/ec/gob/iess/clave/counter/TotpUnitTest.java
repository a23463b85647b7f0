package ec.gob.iess.clave.counter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Totp} against RFC 6238 and its one-step drift window. */
class TotpUnitTest {

	/** The SHA-1 seed of RFC 6238 Appendix B. */
	static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
	static final String RFC_SECRET = new Base32().encodeToString(RFC_KEY).replace("=", "");

	@ParameterizedTest(name = "T={0} → {1}")
	@CsvSource({ "59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924",
			"2000000000, 69279037", "20000000000, 65353130" })
	void matchesTheSha1VectorsOfRfc6238AppendixB(long unixTime, String expected) {
		assertThat(Totp.code(RFC_KEY, unixTime / 30, 8)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "T={0} → {1}")
	@CsvSource({ "59, 287082", "1111111109, 081804", "1111111111, 050471", "1234567890, 005924", "2000000000, 279037",
			"20000000000, 353130" })
	void givesTheLastSixDigitsAsAuthenticatorAppsShowThem(long unixTime, String expected) {
		assertThat(Totp.code(RFC_SECRET, Instant.ofEpochSecond(unixTime))).isEqualTo(expected);
	}

	@Test
	void acceptsTheCodeOfTheCurrentStepAndAnswersThatStep() {
		Instant now = Instant.ofEpochSecond(1_234_567_890);
		long step = now.getEpochSecond() / 30;

		assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_KEY, step, 6), now)).hasValue(step);
	}

	@Test
	void acceptsTheCodesOfThePreviousAndTheNextStep() {
		Instant now = Instant.ofEpochSecond(1_234_567_890);
		long step = now.getEpochSecond() / 30;

		assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_KEY, step - 1, 6), now)).hasValue(step - 1);
		assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_KEY, step + 1, 6), now)).hasValue(step + 1);
	}

	@Test
	void refusesCodesTwoStepsAway() {
		Instant now = Instant.ofEpochSecond(1_234_567_890);
		long step = now.getEpochSecond() / 30;
		String twoBefore = Totp.code(RFC_KEY, step - 2, 6);
		String twoAfter = Totp.code(RFC_KEY, step + 2, 6);
		// The vectors are fixed, so this cannot be a chance collision with the window's own codes.
		for (long s = step - 1; s <= step + 1; s++) {
			assertThat(Totp.code(RFC_KEY, s, 6)).isNotIn(twoBefore, twoAfter);
		}

		assertThat(Totp.matchingStep(RFC_SECRET, twoBefore, now)).isEmpty();
		assertThat(Totp.matchingStep(RFC_SECRET, twoAfter, now)).isEmpty();
	}

	@Test
	void refusesMissingOrMalformedCodes() {
		Instant now = Instant.ofEpochSecond(1_234_567_890);
		String right = Totp.code(RFC_SECRET, now);

		assertThat(Totp.matchingStep(RFC_SECRET, null, now)).isEmpty();
		assertThat(Totp.matchingStep(RFC_SECRET, "", now)).isEmpty();
		assertThat(Totp.matchingStep(RFC_SECRET, right.substring(1), now)).isEmpty();
		assertThat(Totp.matchingStep(RFC_SECRET, right + "0", now)).isEmpty();
		assertThat(Totp.matchingStep(RFC_SECRET, " " + right, now)).isEmpty();
		assertThat(Totp.matchingStep(RFC_SECRET, "١٢٣٤٥٦", now)).isEmpty();
	}

	@Test
	void acceptsALowerCaseSecret() {
		Instant now = Instant.ofEpochSecond(1_234_567_890);

		assertThat(Totp.code(RFC_SECRET.toLowerCase(), now)).isEqualTo(Totp.code(RFC_SECRET, now));
	}

	@Test
	void newSecretsAre160BitBase32AndDiffer() {
		String first = Totp.newSecret();
		String second = Totp.newSecret();

		assertThat(first).matches("[A-Z2-7]{32}");
		assertThat(new Base32().decode(first)).hasSize(20);
		assertThat(first).isNotEqualTo(second);
	}
}
