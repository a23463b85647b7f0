package ec.gob.iess.clave.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

// Every number here was computed with módulo 10/11 outside this code; the invalid ones break only the
// rule their test names (e.g. the province examples carry a correct check digit).
class RucUnitTest {

	@ParameterizedTest
	@CsvSource({
			"1710034065001, NATURAL", "0926687856001, NATURAL", "0926687856999, NATURAL",
			"1790011674001, PRIVADA", "1790011674002, PRIVADA", "1790011674010, PRIVADA", "2490000006001, PRIVADA",
			"1760001550001, PUBLICA", "1760001550123, PUBLICA" })
	void acceptsValidNumbersAndReadsTheTypeFromTheThirdDigit(String number, RucType type) {
		Ruc ruc = Ruc.parse(number);
		assertThat(Ruc.isValid(number)).isTrue();
		assertThat(ruc.value()).isEqualTo(number);
		assertThat(ruc.type()).isEqualTo(type);
	}

	@ParameterizedTest
	@CsvSource({ "3050123458001, NATURAL", "3090000003001, PRIVADA", "3060000040001, PUBLICA" })
	void acceptsProvinceThirty(String number, RucType type) {
		assertThat(Ruc.parse(number).type()).isEqualTo(type);
	}

	@ParameterizedTest
	@CsvSource({ "0990138850001, PRIVADA, 9", "1760001200001, PUBLICA, 8" })
	void remainderZeroGivesCheckDigitZero(String number, RucType type, int checkIndex) {
		assertThat(Ruc.parse(number).type()).isEqualTo(type);
		for (char other = '1'; other <= '9'; other++) {
			String changed = number.substring(0, checkIndex) + other + number.substring(checkIndex + 1);
			assertThat(Ruc.isValid(changed)).as(changed).isFalse();
		}
	}

	// 179001102 (private) and 17600018 (public) leave remainder 1, so 11 − 1 = 10: no digit can follow.
	@ParameterizedTest
	@ValueSource(chars = { '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' })
	void computedTenMeansInvalid(char checkDigit) {
		assertRefused("179001102" + checkDigit + "001");
		assertRefused("17600018" + checkDigit + "0001");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1710034064001", "1790011675001", "1790011684001", "1760001560001", "1760001450001" })
	void refusesCheckDigitMismatch(String number) {
		assertRefused(number);
	}

	@ParameterizedTest
	@ValueSource(strings = { "1710034065000", "1790011674000", "1760001550000" })
	void refusesEstablishmentZero(String number) {
		assertRefused(number);
	}

	// Digit 10 of a public RUC is an establishment digit, not a check digit, and "000" after it is fine.
	@ParameterizedTest
	@ValueSource(strings = { "1760001551000", "1760001550010" })
	void publicEntitiesHaveFourEstablishmentDigits(String number) {
		assertThat(Ruc.parse(number).type()).isEqualTo(RucType.PUBLICA);
	}

	// 1770034062 and 1780034060 would be valid cédulas but for their third digit.
	@ParameterizedTest
	@ValueSource(strings = { "1770034062001", "1780034060001" })
	void refusesThirdDigitSevenOrEight(String number) {
		assertRefused(number);
	}

	// Valid cédula check digits under third digit 6 or 9: read as public or private, those checks fail.
	@ParameterizedTest
	@ValueSource(strings = { "1760034064001", "1790034068001" })
	void thirdDigitSixOrNineIsNotANaturalPerson(String number) {
		assertRefused(number);
	}

	@ParameterizedTest
	@ValueSource(strings = { "2500000001001", "0010034064001", "3110034067001", "0090000004001", "2590000003001",
			"0060000020001", "2560000080001" })
	void refusesProvinceOutsideOneToTwentyFourAndThirtyForEveryKind(String number) {
		assertRefused(number);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "1710034065", "179001167400", "17900116740011" })
	void refusesAnyLengthButThirteen(String number) {
		assertRefused(number);
	}

	@ParameterizedTest
	@ValueSource(strings = { "179001167400A", "1710034065 001", "1790011674-01", "             " })
	void refusesAnythingButDigits(String number) {
		assertRefused(number);
	}

	// Each of these reads as a valid RUC to Character.digit.
	@ParameterizedTest
	@ValueSource(strings = { "\u0661790011674001", "17900116740\uFF101", "176000155000\u0967" })
	void refusesNonAsciiDigits(String number) {
		assertRefused(number);
	}

	@ParameterizedTest
	@ValueSource(strings = { " 1790011674001", "1790011674001 ", "\t1790011674001\r\n" })
	void parseTrimsSurroundingWhitespace(String typed) {
		assertThat(Ruc.isValid(typed)).isTrue();
		assertThat(Ruc.parse(typed).value()).isEqualTo("1790011674001");
	}

	@Test
	void refusesNull() {
		assertThat(Ruc.isValid(null)).isFalse();
		assertRefused(null);
		assertThatThrownBy(() -> new Ruc(null, RucType.PRIVADA)).isInstanceOf(InvalidIdentifierException.class);
	}

	@Test
	void refusesATypeTheNumberDoesNotHave() {
		assertThatThrownBy(() -> new Ruc("1790011674001", RucType.PUBLICA)).isInstanceOf(InvalidIdentifierException.class);
		assertThatThrownBy(() -> new Ruc("1790011674001", null)).isInstanceOf(InvalidIdentifierException.class);
		assertThat(new Ruc("1790011674001", RucType.PRIVADA)).isEqualTo(new Ruc("1790011674001"));
	}

	@Test
	void refusalNamesTheFieldButNotTheNumber() {
		assertThatThrownBy(() -> Ruc.parse("1790011675001")).isInstanceOfSatisfying(InvalidIdentifierException.class,
				e -> {
					assertThat(e.field()).isEqualTo(IdentifierField.RUC);
					assertThat(e.getMessage()).isEqualTo("El número de RUC no es válido");
				});
	}

	@Test
	void toStringIsMaskedSoTheNumberStaysOutOfLogs() {
		Ruc ruc = Ruc.parse("1710034065001");
		assertThat(ruc.masked()).isEqualTo("**********001");
		assertThat(ruc.toString()).isEqualTo("**********001");
		assertThat("login " + ruc).doesNotContain("1710034065");
	}

	private static void assertRefused(String number) {
		assertThat(Ruc.isValid(number)).isFalse();
		assertThatThrownBy(() -> Ruc.parse(number)).isInstanceOfSatisfying(InvalidIdentifierException.class,
				e -> assertThat(e.field()).isEqualTo(IdentifierField.RUC));
	}
}
