package ec.gob.iess.clave.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlocklistUnitTest {

	private static final Blocklist STANDARD = Blocklist.standard();

	@Test
	void loadsTheBreachedListAndOurSpanishSupplement() {
		assertThat(STANDARD.size()).isGreaterThanOrEqualTo(10_000);
		assertThat(STANDARD.isCommon("password")).isTrue();
		assertThat(STANDARD.isCommon("jubilado")).isTrue();
		assertThat(STANDARD.isCommon("nosoyunrobot")).isTrue();
	}

	@Test
	void isLoadedOnlyOnce() {
		assertThat(Blocklist.standard()).isSameAs(STANDARD);
	}

	@ParameterizedTest
	@ValueSource(strings = { "contraseña12345678", "teamoteamoteamo", "ecuador2024ecuador", "tequiero tequiero",
			"Mi Amor Mi Amor Mi Amor", "EMELEC 2024 EMELEC", "no soy un robot!!!", "liga de quito 2024",
			"guayaquil 14021990 guayaquil" })
	void refusesCommonSpanishAndEcuadorianClaves(String clave) {
		assertThat(STANDARD.isCommon(clave)).as(clave).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "contraseña2024!!!!!", "CONTRASEÑA2024!!!!!", "Contrasena2024!!!!!", "contrasena2024",
			"  c o n t r a s e ñ a  2024", "¡¡¡Contraseña!!!", "2024contraseña2024", "ｃｏｎｔｒａｓｅñａ２０２４" })
	void ignoresAccentsCasingSpacesPunctuationAndFullWidthForms(String clave) {
		assertThat(STANDARD.isCommon(clave)).as(clave).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "passwordpassword", "password123456789", "123456789password", "abc123abc123abc123",
			"qwerty2024qwerty", "Password.2024.Password" })
	void refusesABreachedPasswordRepeatedOrPaddedWithDigits(String clave) {
		assertThat(STANDARD.isCommon(clave)).as(clave).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "p@ssw0rd2024!!!!", "c0ntr4s3ñ@ 2024!!", "P@$$w0rd1234567" })
	void seesThroughTheUsualSubstitutions(String clave) {
		assertThat(STANDARD.isCommon(clave)).as(clave).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "caballo correcto batería grapa", "mi amor es el mar de salinas",
			"El perro de Rosa come pan", "barcelona campeon del astillero", "ecuador 7 quito 9 cuenca",
			"teamo73829105teamo", "🐢🌵🚀🎉🍍🦜🌋🎸 amor" })
	void acceptsPassphrasesThatMerelyContainCommonWords(String clave) {
		assertThat(STANDARD.isCommon(clave)).as(clave).isFalse();
	}

	@Test
	void letsShortEntriesMatchOnlyWholeClaves() {
		Blocklist blocklist = Blocklist.of(List.of("ldu", "teamo"));
		assertThat(blocklist.isCommon("L.D.U.")).isTrue();
		assertThat(blocklist.isCommon("ldu2024ldu2024")).isFalse();
		assertThat(blocklist.isCommon("ldu campeón 2024")).isFalse();
		assertThat(blocklist.isCommon("teamo2024teamo2024")).isTrue();
	}

	@Test
	void acceptsAYearOrSimpleDigitsBetweenRepetitionsButNotARandomNumber() {
		Blocklist blocklist = Blocklist.of(List.of("ecuador"));
		assertThat(blocklist.isCommon("ecuador1234567ecuador")).isTrue();
		assertThat(blocklist.isCommon("ecuador20242024ecuador")).isTrue();
		assertThat(blocklist.isCommon("ecuador9999999ecuador")).isTrue();
		assertThat(blocklist.isCommon("ecuador83920175ecuador")).isFalse();
	}

	@Test
	void treatsNoClaveAsNotCommon() {
		assertThat(STANDARD.isCommon(null)).isFalse();
		assertThat(STANDARD.isCommon("")).isFalse();
	}

	@Test
	void normalisesLikeAPersonWouldReadIt() {
		assertThat(Blocklist.normalise("Contraseña, ¡2024!")).isEqualTo("contrasena2024");
		assertThat(Blocklist.normalise("ÁÉÍÓÚ ñ Ü")).isEqualTo("aeiounu");
		assertThat(Blocklist.normalise("mi 🐢 lenta")).isEqualTo("mi🐢lenta");
	}
}
