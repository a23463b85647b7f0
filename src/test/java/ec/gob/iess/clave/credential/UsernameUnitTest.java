package ec.gob.iess.clave.credential;

import ec.gob.iess.clave.identity.Cedula;
import ec.gob.iess.clave.identity.InvalidIdentifierException;
import ec.gob.iess.clave.identity.Ruc;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What people type as their number: a cédula is an asegurado, a RUC an empleador; anything else is named. */
class UsernameUnitTest {

	static void assertRefused(String typed, RefusalCode code) {
		assertThatThrownBy(() -> Username.parse(typed)).as(String.valueOf(typed))
			.isInstanceOfSatisfying(Refusal.class, refusal -> assertThat(refusal.code()).isEqualTo(code));
	}

	@Test
	void aCedulaIsAnAsegurado() {
		Username username = Username.parse("1710034065");

		assertThat(username.value()).isEqualTo("1710034065");
		assertThat(username.kind()).isEqualTo(AccountKind.ASEGURADO);
		assertThat(username.cedula().value()).isEqualTo("1710034065");
	}

	/** What the counter passes on: the identity module's values, already valid, name the same accounts as typed ones. */
	@Test
	void anIdentityValueNamesTheSameAccountAsTheTypedNumber() {
		assertThat(Username.of(Cedula.parse("1710034065"))).isEqualTo(Username.parse("1710034065"));
		assertThat(Username.of(Ruc.parse("1790011674001")))
			.isEqualTo(Username.parse("1790011674001"));
		assertThat(Username.of(Ruc.parse("1790011674001")).kind()).isEqualTo(AccountKind.EMPLEADOR);
	}

	@ParameterizedTest
	@ValueSource(strings = { "1710034065001", "1790011674001", "1760001200001" })
	void aRucOfAnyTypeIsAnEmpleador(String ruc) {
		Username username = Username.parse(ruc);

		assertThat(username.value()).isEqualTo(ruc);
		assertThat(username.kind()).isEqualTo(AccountKind.EMPLEADOR);
	}

	@Test
	void aRucIsNotACedula() {
		assertThatThrownBy(() -> Username.parse("1710034065001").cedula()).isInstanceOf(InvalidIdentifierException.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { " 1710034065", "1710034065 ", "\t1710034065\n", "\u20031710034065\u2003" })
	void whitespaceAroundTheNumberIsDropped(String typed) {
		assertThat(Username.parse(typed).value()).isEqualTo("1710034065");
	}

	@ParameterizedTest
	@ValueSource(strings = { "  1790011674001 ", "\u20031790011674001\u2003", "\n1790011674001\t" })
	void whitespaceAroundARucIsDroppedBeforeItsLengthDecides(String typed) {
		Username username = Username.parse(typed);

		assertThat(username.kind()).isEqualTo(AccountKind.EMPLEADOR);
		assertThat(username.value()).isEqualTo("1790011674001");
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "   ", "1710034064", "171003406", "17100340650", "171003406500", "17100340650012",
			"17100 34065", "1710-034065", "l710034065", "١٧١٠٠٣٤٠٦٥", "１７１００３４０６５", "9910034065", "1790011674",
			"\u00a01710034065" })
	void anythingButThirteenCharactersIsJudgedAsACedula(String typed) {
		assertRefused(typed, RefusalCode.INVALID_CEDULA);
	}

	@ParameterizedTest
	@ValueSource(strings = { "1710034065000", "1790011675001", "1710034064001", "17100340650a1", "1710034065 01",
			" 1710034065000 " })
	void thirteenCharactersThatAreNoRucAreNamedAsARuc(String typed) {
		assertRefused(typed, RefusalCode.INVALID_RUC);
	}

	@Test
	void printsOnlyTheLastThreeDigits() {
		assertThat(Username.parse("1710034065")).hasToString("*******065");
		assertThat(Username.parse("1790011674001")).hasToString("**********001");
	}

	@Test
	void isEqualByNumberAndKind() {
		assertThat(Username.parse(" 1710034065")).isEqualTo(Username.parse("1710034065"));
		assertThat(Username.parse("1710034065").kind()).isNotEqualTo(Username.parse("1710034065001").kind());
	}
}
