package ec.gob.iess.clave.browser;

import java.time.Duration;
import java.util.List;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Desbloqueo de clave and Generar/recuperar clave in headless Chromium, every step and its refusals,
 * clicking through the real pages by their labels, solving the real captcha widget, and reading the
 * emails from a real SMTP server. Every page is checked by {@link Browser} (axe, double text size).
 * Runs when /usr/bin/chromedriver exists (Maven profile {@code browser}; CI installs it).
 */
class SelfServiceBrowserTest extends BrowserTestSupport {

	@Test
	void aLockedPensionerUnlocksAndRegistersANewClaveFromTheirPhone() {
		String cedula = verifiedPerson("p");
		String email = email("p", cedula);
		lock(cedula);

		browser.open("/");
		browser.follow("Desbloqueo de clave");
		browser.press("Desbloquear");
		assertThat(browser.text()).contains("Revise los datos");
		browser.type("Número de cédula", cedula);
		browser.solveCaptcha();
		browser.press("Desbloquear");
		assertThat(browser.text()).contains("recibirá un correo con un enlace válido por 3 minutos");

		browser.open(linkFrom(SMTP.awaitWithLinks(email, 1, Duration.ofSeconds(10)), "/desbloqueo/enlace"));
		assertThat(browser.url()).doesNotContain("token=");
		browser.press("Confirmar desbloqueo");

		// Unlocked, the clave works again (decision 58); this person prefers a new one, the second choice.
		assertThat(browser.url()).isEqualTo(BASE + "/desbloqueo/desbloqueada");
		assertThat(browser.text()).contains("Su clave fue desbloqueada. Ya puede ingresar con ella.")
			.doesNotContain("Ahora registre su nueva clave");
		browser.press("Generar una nueva clave");
		assertThat(browser.title()).isEqualTo("Generar/recuperar clave");
		assertThat(browser.field("Número de cédula").getAttribute("value")).isEqualTo(cedula);
		browser.solveCaptcha();
		browser.press("Buscar");

		browser.press("Continuar");
		assertThat(browser.text()).contains("Revise los datos");
		browser.type("Fecha de nacimiento", "21/04/1958");
		browser.type("Código dactilar", "v4343v4242");
		browser.press("Continuar");
		assertThat(browser.text()).contains("Le enviamos un enlace a p***" + cedula.charAt(9) + "@c***.ec");

		List<MimeMessage> mails = SMTP.awaitWithLinks(email, 2, Duration.ofSeconds(10));
		browser.open(linkFrom(mails, "/recuperar/enlace"));
		assertThat(browser.url()).doesNotContain("token=");
		browser.type("Nueva clave", NEW_CLAVE);
		browser.type("Confirmar nueva clave", "otra clave distinta de la primera");
		browser.press("Generar clave");
		assertThat(browser.text()).contains("Revise los datos");
		chooseClave(NEW_CLAVE);
		browser.press("Generar clave");

		assertThat(browser.text()).contains("Su clave fue registrada. Ingrese con su nueva clave.");
		assertThat(browser.field("Número de cédula").getAttribute("value")).isEqualTo(cedula);
		browser.type("Clave", NEW_CLAVE);
		browser.press("Ingresar");
		assertThat(browser.text()).contains("Servicios en línea");
		browser.press("Salir");
		assertThat(browser.text()).contains("Su sesión terminó");
	}

	@Test
	void aPersonWithoutVerifiedDataHearsWhereToGoAndAnOldLinkSaysSo() {
		String cedula = api.registerPerson(api.agent());

		searchForRecovery(cedula);
		browser.type("Fecha de nacimiento", "21/04/1958");
		browser.type("Código dactilar", "V4343V4242");
		browser.press("Continuar");
		// The identity form again, with what was typed: a typo is not a dead end (decision 63).
		assertThat(browser.text()).contains("Los datos no coinciden con nuestros registros", "intentos restantes: 2");
		assertThat(browser.field("Código dactilar").getAttribute("value")).isEqualTo("V4343V4242");
		browser.follow("¿No es su cédula? Empezar de nuevo");
		assertThat(browser.title()).isEqualTo("Generar/recuperar clave");

		browser.open("/recuperar/enlace?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
		assertThat(browser.text()).contains("El enlace no es válido o ya fue usado");
		browser.open("/desbloqueo/enlace?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
		assertThat(browser.text()).contains("El enlace no es válido o ya fue usado");
		browser.follow("Solicitar un nuevo enlace");
		assertThat(browser.title()).isEqualTo("Desbloqueo de clave");
	}
}
