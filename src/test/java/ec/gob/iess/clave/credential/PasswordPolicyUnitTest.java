package ec.gob.iess.clave.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyUnitTest {

	private static final PasswordPolicy POLICY = new PasswordPolicy(15, 128, Blocklist.standard());

	private static final PasswordContext ASEGURADA = new PasswordContext("1712345678",
			List.of("María José", "Pazmiño de la Torre"), LocalDate.of(1985, 3, 14));

	private static final PasswordContext EMPLEADOR = new PasswordContext("1790012345001",
			List.of("Comercial Andina"), null);

	private static final String QUIJOTE = "En un lugar de la Mancha, de cuyo nombre no quiero acordarme, no ha mucho"
			+ " tiempo que vivía un hidalgo de los de lanza en astillero, adarga antigua, rocín flaco y galgo corredor.";

	@Test
	void acceptsAClaveOfExactlyTheMinimumOfFifteenCodePoints() {
		assertThat(codePoints("mango lunar 7Qz")).isEqualTo(15);
		assertThat(POLICY.check("mango lunar 7Qz", ASEGURADA)).isEmpty();
	}

	@Test
	void refusesFourteenCodePointsAsTooShortAndForNothingElse() {
		assertThat(POLICY.check("mango lunar 7Q", ASEGURADA)).containsExactly(WeakReason.TOO_SHORT);
	}

	@Test
	void acceptsOneHundredTwentyEightCodePointsAndRefusesOneHundredTwentyNine() {
		assertThat(POLICY.check(firstCodePoints(QUIJOTE, 128), ASEGURADA)).isEmpty();
		assertThat(POLICY.check(firstCodePoints(QUIJOTE, 129), ASEGURADA)).containsExactly(WeakReason.TOO_LONG);
	}

	@Test
	void countsAnEmojiAsOneCharacterAlthoughJavaStoresItInTwoChars() {
		String fifteen = "🐢🌵🚀🎉🍍🦜🌋🎸🧉🪁🦙🍌🛶🌽🐬";
		assertThat(fifteen.length()).isEqualTo(30);
		assertThat(POLICY.check(fifteen, ASEGURADA)).isEmpty();
		assertThat(POLICY.check(fifteen.substring(0, 28), ASEGURADA)).containsExactly(WeakReason.TOO_SHORT);
	}

	@Test
	void countsACombiningAccentAsACodePointOfItsOwn() {
		String decomposed = "cafe\u0301 con pan x";
		assertThat(codePoints(decomposed)).isEqualTo(15);
		assertThat(POLICY.check(decomposed, ASEGURADA)).isEmpty();
		assertThat(POLICY.check("caf\u00e9 con pan x", ASEGURADA)).containsExactly(WeakReason.TOO_SHORT);
	}

	@Test
	void withAMinimumOfSixtyFourSixtyThreeCodePointsFailAndSixtyFourPass() {
		PasswordPolicy strict = new PasswordPolicy(64, 128, Blocklist.standard());
		assertThat(strict.check(firstCodePoints(QUIJOTE, 63), ASEGURADA)).containsExactly(WeakReason.TOO_SHORT);
		assertThat(strict.check(firstCodePoints(QUIJOTE, 64), ASEGURADA)).isEmpty();
	}

	@Test
	void acceptsSpacesAndAnyCharacterWithoutCompositionRules() {
		assertThat(POLICY.check("tres tristes tigres comen trigo", ASEGURADA)).isEmpty();
		assertThat(POLICY.check("   el gato negro duerme   ", ASEGURADA)).isEmpty();
		assertThat(POLICY.check("ñandú: 42 ¿sí? — ¡vale! 🦙", ASEGURADA)).isEmpty();
	}

	@Test
	void acceptsTheHorseBatteryPassphraseInSpanish() {
		assertThat(POLICY.check("caballo correcto batería grapa", ASEGURADA)).isEmpty();
		assertThat(POLICY.check("caballo correcto batería grapa", EMPLEADOR)).isEmpty();
		assertThat(POLICY.check("caballo correcto batería grapa", null)).isEmpty();
	}

	@Test
	void treatsNoClaveAsTooShort() {
		assertThat(POLICY.check(null, ASEGURADA)).containsExactly(WeakReason.TOO_SHORT);
		assertThat(POLICY.check("", ASEGURADA)).contains(WeakReason.TOO_SHORT);
	}

	@ParameterizedTest
	@ValueSource(strings = { "contraseña2024!!!!!", "Te amo te amo te amo", "ecuador2024ecuador", "password1234567890",
			"¡¡¡Barcelona!!! 2024 2024", "p@ssw0rd2024!!!!" })
	void refusesCommonPasswordsHoweverDressedUp(String clave) {
		assertThat(POLICY.check(clave, EMPLEADOR)).containsExactly(WeakReason.COMMON);
	}

	@ParameterizedTest
	@ValueSource(strings = { "mi cédula es 1712345678", "17-1234-5678 y más", "1712 345 678 ¡ojo! gato" })
	void refusesTheCedulaWhateverSeparatesItsDigits(String clave) {
		assertThat(POLICY.check(clave, ASEGURADA)).containsExactly(WeakReason.CONTAINS_IDENTIFIER);
	}

	@Test
	void refusesTheRucAndTheCedulaInsideIt() {
		assertThat(POLICY.check("empresa 1790012345001 sa", EMPLEADOR)).contains(WeakReason.CONTAINS_IDENTIFIER);
		assertThat(POLICY.check("gerente 1790012345 quito", EMPLEADOR)).contains(WeakReason.CONTAINS_IDENTIFIER);
	}

	@ParameterizedTest
	@ValueSource(strings = { "jose camina por el parque", "PAZMIÑO y sus amigos", "pazmino y sus amigos",
			"la torre de pisa se inclina", "MaRíA tiene un corderito" })
	void refusesTheNamesOfThreeLettersOrMoreIgnoringCaseAndAccents(String clave) {
		assertThat(POLICY.check(clave, ASEGURADA)).containsExactly(WeakReason.CONTAINS_NAME);
	}

	@Test
	void ignoresNameParticlesAndWordsShorterThanThreeLetters() {
		PasswordContext delPozo = new PasswordContext(null, List.of("Li de los Ríos"), null);
		assertThat(POLICY.check("el gato de los vecinos", delPozo)).isEmpty();
		assertThat(POLICY.check("el sol de los rios", delPozo)).containsExactly(WeakReason.CONTAINS_NAME);
	}

	@ParameterizedTest
	@ValueSource(strings = { "nací el 14/03/1985 en quito", "19850314 cumple mi tía", "fiesta el 14-03-1985 !!",
			"1985-03-14 es mi día", "el 140385 llovió", "14031985 pastel de choclo" })
	void refusesTheBirthDateInTheUsualForms(String clave) {
		assertThat(POLICY.check(clave, ASEGURADA)).containsExactly(WeakReason.CONTAINS_BIRTH_DATE);
	}

	@Test
	void doesNotLookForABirthDateWhenThereIsNone() {
		assertThat(POLICY.check("fiesta el 14-03-1985 !!", EMPLEADOR)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "el IESS me paga a tiempo", "I.E.S.S. paga a tiempo", "viva el seguro social!",
			"la seguridad social funciona", "instituto ecuatoriano xyz" })
	void refusesTheInstitutionsName(String clave) {
		assertThat(POLICY.check(clave, ASEGURADA)).contains(WeakReason.CONTAINS_INSTITUTION);
	}

	@ParameterizedTest
	@ValueSource(strings = { "aaaaaaaaaaaaaaaaaa", "ababababababababab", "123456789012345", "987654321098765",
			"abcdefghijklmnop", "qwertyuiopasdfgh", "lkjhgfdsapoiuytr", "a.b.c.d.e.f.g.h.i.j", "x1y2x1y2x1y2x1y2",
			"🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂", "                " })
	void refusesRepetitionsAndSequences(String clave) {
		assertThat(POLICY.check(clave, EMPLEADOR)).contains(WeakReason.REPETITIVE);
	}

	@Test
	void reportsEveryReasonAtOnceInAFixedOrder() {
		assertThat(POLICY.check("iess1712345678", ASEGURADA)).containsExactly(WeakReason.TOO_SHORT, WeakReason.COMMON,
				WeakReason.CONTAINS_IDENTIFIER, WeakReason.CONTAINS_INSTITUTION);
		assertThat(POLICY.check("maria19850314iess", ASEGURADA)).containsExactly(WeakReason.CONTAINS_NAME,
				WeakReason.CONTAINS_BIRTH_DATE, WeakReason.CONTAINS_INSTITUTION);
	}

	@Test
	void doesNotExamineTheContentOfAnAbsurdlyLongClave() {
		assertThat(POLICY.check("a".repeat(10_000), ASEGURADA)).containsExactly(WeakReason.TOO_LONG);
	}

	@Test
	void givesEachReasonItsOwnMessageKey() {
		assertThat(WeakReason.values()).allSatisfy(reason -> assertThat(reason.messageKey()).startsWith("clave.weak."));
		assertThat(Stream.of(WeakReason.values()).map(WeakReason::messageKey).distinct())
			.hasSize(WeakReason.values().length);
	}

	@Test
	void refusesAnImpossibleLengthRange() {
		assertThatThrownBy(() -> new PasswordPolicy(0, 128, Blocklist.standard()))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new PasswordPolicy(64, 63, Blocklist.standard()))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void toleratesAContextWithNothingInIt() {
		PasswordContext nothing = new PasswordContext(null, null, null);
		assertThat(nothing.names()).isEmpty();
		assertThat(POLICY.check("caballo correcto batería grapa", nothing)).isEmpty();
	}

	private static int codePoints(String s) {
		return s.codePointCount(0, s.length());
	}

	private static String firstCodePoints(String s, int count) {
		String result = s.substring(0, s.offsetByCodePoints(0, count));
		assertThat(codePoints(result)).isEqualTo(count);
		return result;
	}
}
