package ec.gob.iess.clave.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

// Every number here was computed with módulo 10 outside this code; the invalid ones break only the
// rule their test names (e.g. the province examples carry a correct check digit).
class CedulaUnitTest {

	@ParameterizedTest
	@ValueSource(strings = { "1710034065", "0926687856", "0100000009", "2451234567" })
	void acceptsValidNumbers(String number) {
		assertThat(Cedula.isValid(number)).isTrue();
		assertThat(Cedula.parse(number).value()).isEqualTo(number);
	}

	@ParameterizedTest
	@ValueSource(strings = { "3050123458", "3000000020" })
	void acceptsProvinceThirty(String number) {
		assertThat(Cedula.parse(number).value()).isEqualTo(number);
	}

	@ParameterizedTest
	@ValueSource(strings = { "1710034040", "3000000020" })
	void remainderZeroGivesCheckDigitZero(String number) {
		assertThat(Cedula.isValid(number)).isTrue();
		for (char other = '1'; other <= '9'; other++) {
			assertThat(Cedula.isValid(number.substring(0, 9) + other)).as("check digit %s", other).isFalse();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "1714307104", "1710034066", "0926687855" })
	void refusesCheckDigitMismatch(String number) {
		assertRefused(number);
	}

	@ParameterizedTest
	@ValueSource(strings = { "0000000000", "0010034064", "2510034065", "2910034061", "3110034067" })
	void refusesProvinceOutsideOneToTwentyFourAndThirty(String number) {
		assertRefused(number);
	}

	@ParameterizedTest
	@ValueSource(strings = { "1760034064", "1770034062", "1780034060", "1790034068" })
	void refusesThirdDigitAboveFive(String number) {
		assertRefused(number);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "171003406", "17100340650", "1710034065001" })
	void refusesAnyLengthButTen(String number) {
		assertRefused(number);
	}

	@ParameterizedTest
	@ValueSource(strings = { "17100340A5", "17100-4065", "17100 34065", "+710034065", "   " })
	void refusesAnythingButDigits(String number) {
		assertRefused(number);
	}

	// Each of these reads as 1710034065 to Character.digit.
	@ParameterizedTest
	@ValueSource(strings = { "\u0661710034065", "171003406\u0665", "\uFF11710034065", "\u0967710034065" })
	void refusesNonAsciiDigits(String number) {
		assertRefused(number);
	}

	@ParameterizedTest
	@ValueSource(strings = { " 1710034065", "1710034065 ", "\t1710034065\n", "\u30001710034065" })
	void parseTrimsSurroundingWhitespace(String typed) {
		assertThat(Cedula.isValid(typed)).isTrue();
		assertThat(Cedula.parse(typed).value()).isEqualTo("1710034065");
	}

	@Test
	void constructorTakesTheNumberExactly() {
		assertThatThrownBy(() -> new Cedula(" 1710034065")).isInstanceOf(InvalidIdentifierException.class);
		assertThat(new Cedula("1710034065").value()).isEqualTo("1710034065");
	}

	@Test
	void refusesNull() {
		assertThat(Cedula.isValid(null)).isFalse();
		assertRefused(null);
		assertThatThrownBy(() -> new Cedula(null)).isInstanceOf(InvalidIdentifierException.class);
	}

	@Test
	void refusalNamesTheFieldButNotTheNumber() {
		assertThatThrownBy(() -> Cedula.parse("1714307104")).isInstanceOfSatisfying(InvalidIdentifierException.class,
				e -> {
					assertThat(e.field()).isEqualTo(IdentifierField.CEDULA);
					assertThat(e.getMessage()).isEqualTo("El número de cédula no es válido");
				});
	}

	@Test
	void maskedShowsOnlyTheLastThreeDigits() {
		assertThat(Cedula.parse("1710034065").masked()).isEqualTo("*******065");
	}

	@Test
	void toStringIsMaskedSoTheNumberStaysOutOfLogs() {
		Cedula cedula = Cedula.parse("1710034065");
		assertThat(cedula.toString()).isEqualTo("*******065");
		assertThat("login " + cedula).doesNotContain("1710034065");
		assertThat(cedula.value()).isEqualTo("1710034065");
	}

	@Test
	void equalNumbersAreEqualCedulas() {
		assertThat(Cedula.parse(" 0926687856")).isEqualTo(new Cedula("0926687856"))
			.hasSameHashCodeAs(new Cedula("0926687856"));
	}

	private static void assertRefused(String number) {
		assertThat(Cedula.isValid(number)).isFalse();
		assertThatThrownBy(() -> Cedula.parse(number)).isInstanceOfSatisfying(InvalidIdentifierException.class,
				e -> assertThat(e.field()).isEqualTo(IdentifierField.CEDULA));
	}
}
