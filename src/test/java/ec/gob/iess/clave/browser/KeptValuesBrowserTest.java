package ec.gob.iess.clave.browser;

import ec.gob.iess.clave.support.TestFixtures;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, points 2 and 9: after a refusal the form keeps what the person typed — never a clave — the
 * focus is on the error summary, and each of its links leads to an existing field
 * ({@link Browser#errorSummaryLinks}); and "Mostrar clave" shows and hides a clave, saying so with
 * {@code aria-pressed}. With JavaScript, as most people have it; every page is checked by {@link Browser}.
 */
class KeptValuesBrowserTest extends BrowserTestSupport {

	@Test
	void aWrongClaveOrAMalformedNumberKeepsTheNumberAndEmptiesTheClave() {
		String cedula = api.activePerson(api.agent());

		browser.open("/ingresar");
		browser.type("Número de cédula", cedula);
		browser.type("Clave", "una clave equivocada cualquiera");
		browser.press("Ingresar");
		assertThat(browser.text()).contains("Número de cédula o clave incorrectos.");
		assertThat(browser.errorSummaryLinks()).isEmpty();
		assertThat(browser.field("Número de cédula").getAttribute("value")).isEqualTo(cedula);
		assertThat(browser.field("Clave").getAttribute("value")).isEmpty();

		browser.retype("Número de cédula", "170345678");
		browser.type("Clave", TestFixtures.GOOD_CLAVE);
		browser.press("Ingresar");
		assertThat(browser.text()).contains("El número de cédula no es válido.");
		assertThat(browser.errorSummaryLinks()).containsExactly("username");
		assertThat(browser.field("Número de cédula").getAttribute("value")).isEqualTo("170345678");
		assertThat(browser.field("Clave").getAttribute("value")).isEmpty();
	}

	@Test
	void dataThatDoNotMatchOrAMalformedDateKeepTheIdentityForm() {
		searchForRecovery(verifiedPerson("k"));
		browser.type("Fecha de nacimiento", "21/04/1958");
		browser.type("Código dactilar", "V4343V4243");
		browser.press("Continuar");
		assertThat(browser.text()).contains("Los datos no coinciden con nuestros registros");
		assertThat(browser.errorSummaryLinks()).isEmpty();
		assertThat(browser.field("Fecha de nacimiento").getAttribute("value")).isEqualTo("21/04/1958");
		assertThat(browser.field("Código dactilar").getAttribute("value")).isEqualTo("V4343V4243");

		browser.retype("Fecha de nacimiento", "31/02/1958");
		browser.press("Continuar");
		assertThat(browser.errorSummaryLinks()).containsExactly("fechaNacimiento");
		assertThat(browser.field("Fecha de nacimiento").getAttribute("value")).isEqualTo("31/02/1958");
		assertThat(browser.field("Código dactilar").getAttribute("value")).isEqualTo("V4343V4243");
	}

	@Test
	void aWeakNewClaveKeepsTheNumberAndTheAcuerdoAndEmptiesEveryClave() {
		String cedula = api.activePerson(api.agent());

		browser.open("/cambio-clave");
		browser.type("Número de cédula o RUC", cedula);
		browser.type("Clave actual", TestFixtures.GOOD_CLAVE);
		chooseClave("corta");
		browser.press("Cambiar clave");
		assertThat(browser.errorSummaryLinks()).contains("nuevaClave");
		assertThat(browser.field("Número de cédula o RUC").getAttribute("value")).isEqualTo(cedula);
		assertThat(browser.field("He leído y acepto el acuerdo de uso de clave").isSelected()).isTrue();
		for (String clave : new String[] { "Clave actual", "Nueva clave", "Confirmar nueva clave" }) {
			assertThat(browser.field(clave).getAttribute("value")).as(clave).isEmpty();
		}

		// The acuerdo left unticked: its error leads to its checkbox.
		browser.field("He leído y acepto el acuerdo de uso de clave").click();
		browser.type("Clave actual", TestFixtures.GOOD_CLAVE);
		browser.type("Nueva clave", NEW_CLAVE);
		browser.type("Confirmar nueva clave", NEW_CLAVE);
		browser.press("Cambiar clave");
		assertThat(browser.text()).contains("Debe aceptar el acuerdo de uso de clave.");
		assertThat(browser.errorSummaryLinks()).containsExactly("acepto");
		assertThat(browser.field("Número de cédula o RUC").getAttribute("value")).isEqualTo(cedula);
	}

	@Test
	void aMalformedNumberToUnlockIsKeptAndNamed() {
		browser.open("/desbloqueo");
		browser.type("Número de cédula", "17034567");
		browser.press("Desbloquear");
		assertThat(browser.text()).contains("El número de cédula no es válido.");
		assertThat(browser.errorSummaryLinks()).contains("username");
		assertThat(browser.field("Número de cédula").getAttribute("value")).isEqualTo("17034567");
	}

	@Test
	void mostrarClaveShowsTheClaveAndHidesItAgain() {
		browser.open("/ingresar");
		WebElement clave = browser.field("Clave");
		browser.type("Clave", "una frase secreta");
		assertThat(clave.getDomProperty("type")).isEqualTo("password");
		WebElement toggle = browser.buttons("Mostrar clave").get(0);
		assertThat(toggle.getDomAttribute("aria-pressed")).isEqualTo("false");
		assertThat(toggle.getDomAttribute("aria-controls")).isEqualTo(clave.getDomAttribute("id"));

		browser.toggle("Mostrar clave");
		assertThat(toggle.getDomAttribute("aria-pressed")).isEqualTo("true");
		assertThat(toggle.getText()).isEqualTo("Ocultar clave");
		assertThat(clave.getDomProperty("type")).isEqualTo("text");
		assertThat(clave.getDomProperty("value")).isEqualTo("una frase secreta");

		browser.toggle("Ocultar clave");
		assertThat(toggle.getDomAttribute("aria-pressed")).isEqualTo("false");
		assertThat(toggle.getText()).isEqualTo("Mostrar clave");
		assertThat(clave.getDomProperty("type")).isEqualTo("password");
	}
}
