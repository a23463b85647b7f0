package ec.gob.iess.clave.browser;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;

import ec.gob.iess.clave.support.TestMailServer;

import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passkeys in headless Chromium with the DevTools virtual authenticator (a phone's fingerprint, always
 * verified): registered from Mi seguridad, used on Ingresar (also while the clave is locked), removed and
 * then refused; a suspended account's passkey refused. Every page passes {@link Browser}'s checks.
 */
class PasskeyBrowserTest extends BrowserTestSupport {

	private static final Duration MAIL = Duration.ofSeconds(20);

	@Test
	void aPersonRegistersAPasskeyLogsInWithItEvenWhileLockedRemovesItAndItIsRefused() {
		String cedula = verifiedPerson("p");
		VirtualAuthenticator phone = browser.passkeyAuthenticator();
		signIn(cedula);
		register("Mi teléfono");
		assertThat(browser.text()).contains("Su llave de acceso quedó registrada", "Mi teléfono", "todavía no se ha usado");
		assertThat(TestMailServer.body(SMTP.awaitSubject(email("p", cedula),
				"Se registró una llave de acceso para su cuenta del IESS", MAIL))).contains("Mi teléfono", "No fui yo");
		assertThat(phone.getCredentials()).hasSize(1);

		browser.press("Salir");
		browser.open("/ingresar");
		browser.press("Ingresar con llave de acceso");
		assertThat(browser.text()).contains("Servicios en línea");
		browser.follow("Mi seguridad");
		assertThat(browser.text()).contains("Ingreso con llave de acceso", "último uso el");

		browser.press("Salir");
		lock(cedula);
		assertThat(api.status(api.agent(), cedula)).isEqualTo("BLOQUEADA");
		browser.open("/ingresar");
		browser.press("Ingresar con llave de acceso");
		assertThat(browser.text()).contains("Servicios en línea");
		assertThat(api.status(api.agent(), cedula)).as("a passkey does not unlock the clave").isEqualTo("BLOQUEADA");

		browser.follow("Mi seguridad");
		browser.press("Quitar");
		assertThat(browser.text()).contains("La llave de acceso fue quitada", "No tiene llaves de acceso.");
		assertThat(TestMailServer.body(SMTP.awaitSubject(email("p", cedula),
				"Se quitó una llave de acceso de su cuenta del IESS", MAIL))).contains("Mi teléfono", "No fui yo");

		browser.press("Salir");
		browser.open("/ingresar");
		browser.pressAndSee("Ingresar con llave de acceso", "No se pudo ingresar con la llave de acceso");
		assertThat(browser.url()).startsWith(BASE + "/ingresar");
	}

	@Test
	void aSuspendedAccountsPasskeyIsRefused() {
		String cedula = verifiedPerson("q");
		browser.passkeyAuthenticator();
		signIn(cedula);
		register("Computador de la casa");
		browser.press("Salir");

		String agent = api.agent();
		assertThat(api.post("/api/v1/staff/persons/" + cedula + "/suspend", "{\"reason\":\"fraude\"}", agent).statusCode())
			.isEqualTo(204);
		browser.open("/ingresar");
		browser.pressAndSee("Ingresar con llave de acceso", "No se pudo ingresar con la llave de acceso");
		assertThat(browser.url()).startsWith(BASE + "/ingresar");
	}

	@Test
	void withoutJavaScriptIngresarSaysAPasskeyNeedsItAndTheClaveStillWorks() {
		String cedula = verifiedPerson("r");
		try (Browser noScript = Browser.withoutJavaScript(BASE)) {
			noScript.open("/ingresar");
			assertThat(noScript.text()).contains("Para ingresar con una llave de acceso se necesita JavaScript.");
			assertThat(noScript.buttons("Ingresar con llave de acceso")).isEmpty();
			noScript.type("Número de cédula", cedula);
			noScript.type("Clave", GOOD_CLAVE);
			noScript.press("Ingresar");
			assertThat(noScript.text()).contains("Servicios en línea");
			noScript.open("/seguridad/llave-nueva");
			assertThat(noScript.text()).contains("Para crear una llave de acceso se necesita JavaScript");
			assertThat(noScript.buttons("Crear la llave de acceso")).isEmpty();
		}
	}

	/** From Mi seguridad, the clave typed a moment ago: no need to type it again. */
	private void register(String name) {
		browser.follow("Mi seguridad");
		browser.follow("Registrar una llave de acceso");
		browser.replace("Nombre de la llave", name);
		browser.press("Crear la llave de acceso");
	}
}
