package ec.gob.iess.clave.identity;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

class EmailAddressUnitTest {

	@ParameterizedTest
	@ValueSource(strings = { "rosa@example.ec", "rosa.quishpe@correo.iess.gob.ec", "r@x.ec", "rosa+iess@gmail.com",
			"o'brien@example.com", "a_b-c@sub-domain.example.org", "1710034065@correo.ec", "x!#$%&*/=?^`{|}~@example.ec",
			"rosa@xn--and-6ma2c.ec", "user@example.museum" })
	void acceptsWhatTheMailPathDelivers(String address) throws AddressException {
		EmailAddress email = EmailAddress.parse(address);

		assertThat(email.value()).isEqualTo(address);
		// The mailer's own strict parse takes every address the rule accepts.
		new InternetAddress(email.value(), true).validate();
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { " ", "a,b@x.ec", "\"quoted\"@x.ec", "\"a b\"@x.ec", "a b@x.ec", "rosa", "rosa@", "@x.ec",
			"rosa@@x.ec", "rosa@x@y.ec", "rosa@localhost", "rosa@x", "rosa@x.e", "rosa@x.123", "rosa@[10.0.0.1]",
			"rosa@-x.ec", "rosa@x-.ec", "rosa@x..ec", "rosa@.x.ec", "rosa@x.ec.", ".rosa@x.ec", "rosa.@x.ec",
			"ro..sa@x.ec", "rosa@x_y.ec", "Rosa <rosa@x.ec>", "rosa@x.ec>", "rosa@x.ec\r\nBcc: a@b.ec", "rosa@x.ec;b@y.ec",
			"rosa(comentario)@x.ec", "rosa\\@x.ec", "rosa@x.ec\u0000", "rosa\t@x.ec" })
	void refusesWhatTheMailerWouldNot(String address) {
		assertThatThrownBy(() -> EmailAddress.parse(address)).isInstanceOf(InvalidIdentifierException.class)
			.extracting(e -> ((InvalidIdentifierException) e).field())
			.isEqualTo(IdentifierField.EMAIL);
		assertThat(EmailAddress.tryParse(address)).isEmpty();
	}

	@Test
	void refusesALocalPartOfMoreThan64OrAnAddressOfMoreThan254Characters() {
		assertThatCode(() -> EmailAddress.parse("a".repeat(64) + "@x.ec")).doesNotThrowAnyException();
		assertThatThrownBy(() -> EmailAddress.parse("a".repeat(65) + "@x.ec")).isInstanceOf(InvalidIdentifierException.class);
		String domain = ("d".repeat(60) + ".").repeat(4) + "ec";
		String fits = "a".repeat(254 - domain.length() - 1) + "@" + domain;
		assertThat(fits).hasSize(254);
		assertThatCode(() -> EmailAddress.parse(fits)).doesNotThrowAnyException();
		assertThatThrownBy(() -> EmailAddress.parse("a" + fits)).isInstanceOf(InvalidIdentifierException.class);
		assertThatThrownBy(() -> EmailAddress.parse("rosa@" + "d".repeat(64) + ".ec"))
			.isInstanceOf(InvalidIdentifierException.class);
	}

	@ParameterizedTest
	@CsvSource({ "'  Rosa.Quishpe@Example.EC ', rosa.quishpe@example.ec", "ROSA@GMAIL.COM, rosa@gmail.com" })
	void stripsAndLowerCases(String typed, String stored) {
		assertThat(EmailAddress.parse(typed).value()).isEqualTo(stored);
	}

	@Test
	void writesAnInternationalisedDomainInItsAsciiForm() throws AddressException {
		EmailAddress email = EmailAddress.parse("rosa@ñandú.ec");

		assertThat(email.value()).isEqualTo("rosa@xn--and-6ma2c.ec");
		new InternetAddress(email.value(), true).validate();
		assertThat(EmailAddress.parse("rosa@CORREO.ÑANDÚ.EC").value()).isEqualTo("rosa@correo.xn--and-6ma2c.ec");
	}

	@ParameterizedTest
	@ValueSource(strings = { "josé@example.ec", "peña@example.ec", "ñandú@ñandú.ec", "用户@example.com" })
	void refusesAccentsOrEnesBeforeTheAtWithTheirOwnReason(String address) {
		assertThatThrownBy(() -> EmailAddress.parse(address)).isInstanceOf(InvalidIdentifierException.class)
			.extracting(e -> ((InvalidIdentifierException) e).field())
			.isEqualTo(IdentifierField.EMAIL_NOT_ASCII);
	}

	@Test
	void refusesOddUnicodeInTheDomain() {
		assertThatThrownBy(() -> EmailAddress.parse("rosa@exa\u200Bmple.ec")).isInstanceOf(InvalidIdentifierException.class);
		assertThatThrownBy(() -> EmailAddress.parse("rosa@ex ample.ec")).isInstanceOf(InvalidIdentifierException.class);
	}

	@Test
	void masksItselfInToString() {
		EmailAddress email = EmailAddress.parse("rosa.quishpe@gmail.com");

		assertThat(email.toString()).isEqualTo("r***e@g***.com").doesNotContain("quishpe", "gmail");
		assertThat(email.masked()).isEqualTo("r***e@g***.com");
		assertThat(EmailAddress.parse("r@x.ec").masked()).isEqualTo("r***@x***.ec");
	}

	@Test
	void equalAddressesAreEqual() {
		assertThat(EmailAddress.parse("Rosa@Example.ec")).isEqualTo(EmailAddress.parse("rosa@example.ec"));
		assertThat(EmailAddress.parse("rosa@example.ec")).isNotEqualTo(EmailAddress.parse("rosa@example.com"));
	}

	@Test
	void theConstructorRefusesAnAddressThatWasNotNormalised() {
		assertThatThrownBy(() -> new EmailAddress("a,b@x.ec")).isInstanceOf(InvalidIdentifierException.class);
		assertThatThrownBy(() -> new EmailAddress("Rosa@x.ec")).isInstanceOf(InvalidIdentifierException.class);
		assertThatThrownBy(() -> new EmailAddress(" rosa@x.ec")).isInstanceOf(InvalidIdentifierException.class);
	}
}
