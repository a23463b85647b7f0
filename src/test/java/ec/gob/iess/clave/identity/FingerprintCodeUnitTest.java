package ec.gob.iess.clave.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FingerprintCodeUnitTest {

	@ParameterizedTest
	@ValueSource(strings = { "V4343V4242", "E1111I4444", "A2341A1234", "I1234E4321" })
	void acceptsTheCodeAsPrintedOnTheCard(String code) {
		assertThat(FingerprintCode.isValid(code)).isTrue();
		assertThat(FingerprintCode.parse(code).value()).isEqualTo(code);
	}

	@ParameterizedTest
	@ValueSource(strings = { "V4343AV4242", "V4343V4242Z", "I1234XE4321Y", "V4343VV4242" })
	void acceptsOneExtraLetterAfterEachGroup(String code) {
		assertThat(FingerprintCode.parse(code).value()).isEqualTo(code);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "' v4343 v4242 '|V4343V4242", "'V 4 3 4 3 V 4 2 4 2'|V4343V4242",
			"i1234x e4321y|I1234XE4321Y", "e1111I4444|E1111I4444" })
	void ignoresCaseAndSpaces(String typed, String stored) {
		assertThat(FingerprintCode.parse(typed).value()).isEqualTo(stored);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\tv4343V4242\n", "V4343\u00A0V4242", "\u3000V4343V4242" })
	void ignoresOtherWhitespaceToo(String typed) {
		assertThat(FingerprintCode.parse(typed).value()).isEqualTo("V4343V4242");
	}

	@ParameterizedTest
	@ValueSource(strings = { "V4340V4242", "V4345V4242", "B4343V4242", "V4343B4242", "V434V4242", "V43434V4242",
			"V4343ABV4242", "V4343", "V4343V4242V4242", "4343V4242", "V4343-V4242", "V4343V42421", "   " })
	void refusesWhatIsNotTwoGroupsOfALetterAndFourDigitsOneToFour(String code) {
		assertRefused(code);
	}

	// Dotless ı and long ſ upper-case to I and S in Java; the others are look-alikes of V, 4 and E.
	@ParameterizedTest
	@ValueSource(strings = { "\u01314343V4242", "V4343\u017FV4242", "\uFF364343V4242", "V\u0664343V4242",
			"\u00C94343V4242" })
	void refusesNonAsciiLookAlikes(String code) {
		assertRefused(code);
	}

	@ParameterizedTest
	@NullAndEmptySource
	void refusesNullAndEmpty(String code) {
		assertRefused(code);
	}

	@Test
	void constructorWantsTheNormalisedForm() {
		assertThatThrownBy(() -> new FingerprintCode("v4343v4242")).isInstanceOf(InvalidIdentifierException.class);
		assertThatThrownBy(() -> new FingerprintCode("V4343 V4242")).isInstanceOf(InvalidIdentifierException.class);
		assertThat(new FingerprintCode("V4343V4242")).isEqualTo(FingerprintCode.parse("v4343 v4242"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "V4343V4242", "v4343v4242", " V4343 V4242 ", "v 4343 V 4242" })
	void matchesTheSameCodeTypedDifferently(String typed) {
		assertThat(FingerprintCode.parse("V4343V4242").matches(typed)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "V4343V4241", "E4343V4242", "V4343V4242A", "V4343AV4242" })
	void doesNotMatchAnotherCode(String other) {
		assertThat(FingerprintCode.parse("V4343V4242").matches(other)).isFalse();
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "V4343V424", "V4343V4242V", "no sé" })
	void neverMatchesAnInvalidCode(String other) {
		assertThat(FingerprintCode.parse("V4343V4242").matches(other)).isFalse();
	}

	@Test
	void refusalNamesTheField() {
		assertThatThrownBy(() -> FingerprintCode.parse("V4345V4242"))
			.isInstanceOfSatisfying(InvalidIdentifierException.class, e -> {
				assertThat(e.field()).isEqualTo(IdentifierField.FINGERPRINT_CODE);
				assertThat(e.getMessage()).isEqualTo("El código dactilar no es válido");
			});
	}

	private static void assertRefused(String code) {
		assertThat(FingerprintCode.isValid(code)).isFalse();
		assertThatThrownBy(() -> FingerprintCode.parse(code)).isInstanceOfSatisfying(InvalidIdentifierException.class,
				e -> assertThat(e.field()).isEqualTo(IdentifierField.FINGERPRINT_CODE));
	}
}
