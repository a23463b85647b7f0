package ec.gob.iess.clave.identity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one rule for a mobile number, shared by the counter's verification and Actualizar datos. */
class MobileNumbersUnitTest {

	@Test
	void anEcuadorianMobileAsTypedIsKeptInOneForm() {
		assertThat(MobileNumbers.normalize("0991234567")).contains("+593991234567");
		assertThat(MobileNumbers.normalize("099 123-4567")).contains("+593991234567");
		assertThat(MobileNumbers.normalize("+593991234567")).contains("+593991234567");
	}

	@Test
	void anythingElseIsNoMobile() {
		assertThat(MobileNumbers.normalize(null)).isEmpty();
		assertThat(MobileNumbers.normalize("022345678")).isEmpty();
		assertThat(MobileNumbers.normalize("09912345678")).isEmpty();
		assertThat(MobileNumbers.normalize("correo@example.ec")).isEmpty();
	}
}
