package ec.gob.iess.clave.browser;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mi seguridad in headless Chromium: its pages pass {@link Browser}'s checks (axe, double text size); the
 * person closes this very session from the list, and later says "No fui yo" after the confirmation.
 */
class MySecurityBrowserTest extends BrowserTestSupport {

	@Test
	void aPersonReadsTheirAccountClosesThisSessionAndThenSaysNoFuiYo() {
		String cedula = verifiedPerson("s");
		api.login(cedula, "una clave equivocada cualquiera");

		signIn(cedula);
		browser.follow("Mi seguridad");
		assertThat(browser.text()).contains("Sesiones abiertas", "(esta sesión, la que usa ahora)", "Ingreso fallido",
				"Centro de atención: CAU Quito Norte", "Red local");
		browser.press("Cerrar sesión");
		assertThat(browser.url()).startsWith(BASE + "/ingresar");

		signIn(cedula);
		browser.follow("Mi seguridad");
		browser.follow("No fui yo");
		assertThat(browser.text()).contains("nadie podrá ingresar con su clave");
		browser.press("Suspender mi cuenta");
		assertThat(browser.text()).contains("Su cuenta está suspendida");
		assertThat(api.status(api.agent(), cedula)).isEqualTo("SUSPENDIDA");
	}
}
