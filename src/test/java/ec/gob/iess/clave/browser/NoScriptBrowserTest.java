package ec.gob.iess.clave.browser;

import java.time.Duration;

import ec.gob.iess.clave.support.TestFixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, points 3 and 9: Desbloqueo de clave and Generar/recuperar clave completed in a browser that
 * runs no JavaScript, from the first page to the services menu. "No soy un robot" is then the page's
 * signed ticket: the person waits the seconds the page names (decision 66; 3 s in the browser tests),
 * and a press before that brings the form back, typed number kept. No "Mostrar clave" button appears:
 * the clave fields are plain password fields. Every page is checked by {@link Browser} (axe at phone
 * and desktop size, double text size), with scripts still off for the page.
 */
class NoScriptBrowserTest extends BrowserTestSupport {

	static final String TOO_EARLY = "Por seguridad, espere unos segundos y pulse de nuevo el botón.";

	@Test
	void aLockedPersonUnlocksWithoutJavaScriptAndLogsInWithTheirClave() {
		String cedula = verifiedPerson("n");
		lock(cedula);

		try (Browser noScript = Browser.withoutJavaScript(BASE)) {
			noScript.open("/");
			noScript.follow("Desbloqueo de clave");
			assertThat(noScript.text()).contains("Su navegador no ejecuta JavaScript.", "espere 3 segundos");
			assertThat(noScript.hasField("No soy un robot")).isFalse();

			// Someone quick: the page opened afresh (already checked, so shown at once), the number typed
			// and the button pressed before the 3 seconds.
			noScript.open("/desbloqueo");
			noScript.type("Número de cédula", cedula);
			noScript.press("Desbloquear");
			assertThat(noScript.text()).contains(TOO_EARLY);
			assertThat(noScript.field("Número de cédula").getAttribute("value")).isEqualTo(cedula);
			assertThat(noScript.errorSummaryLinks()).containsExactly("captcha");

			noScript.solveCaptcha();
			noScript.press("Desbloquear");
			assertThat(noScript.text()).contains("recibirá un correo con un enlace válido por 3 minutos");

			noScript.open(linkFrom(SMTP.awaitWithLinks(email("n", cedula), 1, Duration.ofSeconds(10)), "/desbloqueo/enlace"));
			assertThat(noScript.url()).doesNotContain("token=");
			noScript.press("Confirmar desbloqueo");
			assertThat(noScript.text()).contains("Su clave fue desbloqueada. Ya puede ingresar con ella.");

			noScript.press("Ingresar");
			assertThat(noScript.title()).isEqualTo("Ingresar");
			assertThat(noScript.field("Número de cédula").getAttribute("value")).isEqualTo(cedula);
			assertPlainClaveFields(noScript, "Clave");
			noScript.type("Clave", TestFixtures.GOOD_CLAVE);
			noScript.press("Ingresar");
			assertThat(noScript.text()).contains("Servicios en línea", cedula);
			noScript.press("Salir");
			assertThat(noScript.text()).contains("Su sesión terminó");
		}
	}

	@Test
	void aPersonGeneratesANewClaveWithoutJavaScriptAfterOneTypo() {
		String cedula = verifiedPerson("g");

		try (Browser noScript = Browser.withoutJavaScript(BASE)) {
			noScript.open("/");
			noScript.follow("Generar/recuperar clave");
			noScript.type("Número de cédula", cedula);
			noScript.solveCaptcha();
			noScript.press("Buscar");

			assertThat(noScript.text()).contains("Cédula: " + cedula);
			noScript.type("Fecha de nacimiento", "21/04/1958");
			noScript.type("Código dactilar", "V4343V4243");
			noScript.press("Continuar");
			assertThat(noScript.text()).contains("Los datos no coinciden con nuestros registros", "intentos restantes: 2");
			assertThat(noScript.field("Fecha de nacimiento").getAttribute("value")).isEqualTo("21/04/1958");
			assertThat(noScript.field("Código dactilar").getAttribute("value")).isEqualTo("V4343V4243");
			assertThat(noScript.errorSummaryLinks()).isEmpty();
			noScript.retype("Código dactilar", "V4343V4242");
			noScript.press("Continuar");
			assertThat(noScript.text()).contains("Le enviamos un enlace a g***" + cedula.charAt(9) + "@c***.ec");

			noScript.open(linkFrom(SMTP.awaitWithLinks(email("g", cedula), 1, Duration.ofSeconds(10)), "/recuperar/enlace"));
			assertThat(noScript.url()).doesNotContain("token=");
			assertPlainClaveFields(noScript, "Nueva clave", "Confirmar nueva clave");
			noScript.type("Nueva clave", NEW_CLAVE);
			noScript.type("Confirmar nueva clave", NEW_CLAVE);
			noScript.field("He leído y acepto el acuerdo de uso de clave").click();
			noScript.press("Generar clave");

			assertThat(noScript.text()).contains("Su clave fue registrada. Ingrese con su nueva clave.");
			assertThat(noScript.field("Número de cédula").getAttribute("value")).isEqualTo(cedula);
			noScript.type("Clave", NEW_CLAVE);
			noScript.press("Ingresar");
			assertThat(noScript.text()).contains("Servicios en línea", cedula);
		}
	}

	/** Without scripts no "Mostrar clave" button exists, and each clave field is a plain password field. */
	private static void assertPlainClaveFields(Browser noScript, String... labels) {
		assertThat(noScript.buttons("Mostrar clave")).isEmpty();
		for (String label : labels) {
			assertThat(noScript.field(label).getDomAttribute("type")).as(label).isEqualTo("password");
		}
	}
}
