package ec.gob.iess.clave.browser;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ec.gob.iess.clave.counter.Totp;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.support.fingerprint.SyntheticFingerprints;

import org.springframework.beans.factory.annotation.Autowired;

import static ec.gob.iess.clave.support.TestFixtures.json;
import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A day at the counter in a real browser (issue 9): an agent signs in with password and TOTP code,
 * registers a person who is not known yet, uploads the scanner's picture of the finger with the contact,
 * and prints a temporary clave; then, in another browser, that person's first login with it and the
 * forced Cambio de clave, up to the services menu. Every page passes axe and the 200 % text checks.
 */
class CentroCounterBrowserTest extends BrowserTestSupport {

	@Autowired
	Clock clock;

	@TempDir
	Path files;

	@Test
	void anAgentRegistersAPersonVerifiesTheFingerAndPrintsATemporaryClaveThatThePersonChanges() throws IOException {
		String username = "agente-navegador-" + System.nanoTime() % 1_000_000;
		HttpResponse<String> created = api.post("/api/v1/staff/users", "{\"username\":" + quote(username)
				+ ",\"password\":" + quote(TestFixtures.STAFF_PASSWORD) + ",\"roles\":[\"AGENTE\"],\"center\":\"CAU Cuenca\"}",
				api.adminToken());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String secret = json(created).get("totpSecret").asString();
		String cedula = TestCedulas.next();
		Path finger = Files.write(files.resolve("huella.png"),
				SyntheticFingerprints.finger(Long.parseLong(cedula)).impressionPng(0));

		browser.open("/centro/ingresar");
		browser.type("Usuario", username);
		browser.type("Contraseña", TestFixtures.STAFF_PASSWORD);
		browser.type("Código de verificación", Totp.code(secret, clock.instant()));
		browser.press("Ingresar");
		assertThat(browser.url()).isEqualTo(BASE + "/centro");

		browser.type("Número de cédula o RUC", cedula);
		browser.press("Buscar");
		assertThat(browser.text()).contains("La cédula " + cedula + " no está registrada.");
		browser.follow("Registrar");
		browser.type("Nombres", "Luis Alberto");
		browser.type("Apellidos", "Andrade Pérez");
		browser.type("Fecha de nacimiento", "02021950");
		browser.type("Código dactilar", "V1111V1111");
		browser.field("Pensionista").click();
		browser.press("Guardar");
		assertThat(browser.text()).contains("La persona quedó registrada.", "Luis Alberto Andrade Pérez");

		browser.type("Correo electrónico", "luis." + cedula + "@correo.example.ec");
		browser.type("Teléfono celular", "0991234567");
		browser.upload("Imagen de la huella (del lector)", finger);
		browser.press("Verificar huella y contacto");
		assertThat(browser.text()).contains("La huella quedó registrada y el contacto verificado",
				"luis." + cedula + "@correo.example.ec", "CAU Cuenca");
		assertThat(browser.textOf("huella-registrada")).isEqualTo("Sí");

		browser.press("Emitir clave temporal");
		assertThat(browser.title()).isEqualTo("Clave temporal");
		String temporary = browser.textOf("clave-temporal");
		assertThat(temporary).hasSize(29);

		Browser counter = browser;
		try {
			browser = Browser.withJavaScript(BASE);
			browser.open("/ingresar");
			browser.type("Número de cédula", cedula);
			browser.type("Clave", temporary);
			browser.press("Ingresar");
			assertThat(browser.title()).isEqualTo("Cambio de clave");
			chooseClave(NEW_CLAVE);
			browser.press("Cambiar clave");
			assertThat(browser.text()).contains("Su clave fue cambiada.", "Servicios en línea", "Luis Alberto");
		}
		finally {
			counter.close();
		}
	}
}
