package ec.gob.iess.clave.credential;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import ec.gob.iess.clave.support.CaptchaSolver;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cambio de clave checks a clave, so it goes through the same protections as Ingresar (issue 7,
 * point 8): the captcha once a source has failed too often, the failures it adds to that source and
 * to the clave tried across accounts, and the lockout. The properties are SelfServiceLimitsIntegrationTest's,
 * so both share one application context; every test speaks from its own source through the trusted proxy.
 */
@ClaveIntegrationTest
@TestPropertySource(properties = { "clave.captcha.max-number=2000", "clave.recovery.answer-time=PT0S",
		"clave.unlock.answer-time=PT0S", "clave.rate-limit.login-failure-source.limit=3",
		"clave.rate-limit.login-clave.limit=3", "clave.rate-limit.recovery-source.limit=3",
		"clave.rate-limit.recovery-account.limit=4", "clave.rate-limit.unlock-source.limit=3",
		"clave.rate-limit.unlock-account.limit=1", "clave.rate-limit.mail-account.limit=2",
		"server.forward-headers-strategy=native", "server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1|0:0:0:0:0:0:0:1" })
class ClaveCheckProtectionsIntegrationTest {

	static final String NEW_CLAVE = "el cóndor cruza el chimborazo";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	TestFixtures api;
	String agent;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		agent = api.agent();
	}

	HttpResponse<String> post(String source, String path, String body) {
		try {
			return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + path))
				.header("Content-Type", "application/json")
				.header("X-Forwarded-For", source)
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	HttpResponse<String> login(String source, String username, String clave, String captcha) {
		return post(source, "/api/v1/login", "{\"username\":" + quote(username) + ",\"password\":" + quote(clave)
				+ (captcha == null ? "" : ",\"captcha\":" + quote(captcha)) + "}");
	}

	HttpResponse<String> change(String source, String username, String current, String captcha) {
		return post(source, "/api/v1/password/change", "{\"username\":" + quote(username) + ",\"currentPassword\":"
				+ quote(current) + ",\"newPassword\":" + quote(NEW_CLAVE) + ",\"acceptAgreement\":true"
				+ (captcha == null ? "" : ",\"captcha\":" + quote(captcha)) + "}");
	}

	static void assertCode(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(json(response).get("code").asString()).isEqualTo(code);
	}

	@Test
	void wrongCurrentClavesInCambioDeClaveMakeTheSourceSolveTheCaptchaToLogIn() {
		String source = "203.0.113.150";
		String cedula = api.activePerson(agent);
		for (int i = 0; i < 3; i++) {
			assertCode(change(source, cedula, "una clave actual equivocada " + i, null), 401, "INVALID_CREDENTIALS");
		}

		assertCode(login(source, cedula, GOOD_CLAVE, null), 400, "CAPTCHA_REQUIRED");
		assertThat(login(source, cedula, GOOD_CLAVE, CaptchaSolver.solve(api)).statusCode()).isEqualTo(200);
	}

	@Test
	void cambioDeClaveAsksTheCaptchaFromASourceThatLoginAsksItFrom() {
		String source = "203.0.113.151";
		String cedula = api.activePerson(agent);
		for (int i = 0; i < 3; i++) {
			assertThat(login(source, TestCedulas.next(), "otra clave equivocada " + i, null).statusCode()).isEqualTo(401);
		}

		assertCode(change(source, cedula, "una suposición cualquiera", null), 400, "CAPTCHA_REQUIRED");
		assertCode(change(source, cedula, GOOD_CLAVE, "eyJhbGdvcml0aG0iOiJTSEEtMjU2In0="), 400, "CAPTCHA_INVALID");
		assertThat(jdbc.sql("select failed_attempts from accounts where username = ?").param(cedula)
			.query(Integer.class).single()).as("a refused guess is no guess").isZero();
		assertCode(change(source, cedula, "una suposición cualquiera", CaptchaSolver.solve(api)), 401, "INVALID_CREDENTIALS");
		assertThat(change(source, cedula, GOOD_CLAVE, CaptchaSolver.solve(api)).statusCode()).isEqualTo(204);
		assertThat(change("203.0.113.152", TestCedulas.next(), "sin captcha desde otra fuente", null).statusCode())
			.as("another source").isEqualTo(401);
	}

	@Test
	void oneClaveTriedInCambioDeClaveOnManyAccountsIsRefusedEverywhere() {
		String stuffed = "la clave filtrada de otro sitio 2024";
		for (int i = 0; i < 3; i++) {
			// One source per try, so that only the per-clave count grows.
			assertThat(change("203.0.113.16" + i, api.activePerson(agent), stuffed, null).statusCode()).isEqualTo(401);
		}

		assertCode(change("203.0.113.170", api.activePerson(agent), stuffed, null), 429, "RATE_LIMITED");
		assertCode(login("203.0.113.171", TestCedulas.next(), stuffed, null), 429, "RATE_LIMITED");
	}

	@Test
	void wrongCurrentClavesLockTheAccountLikeFailedLogins() {
		String cedula = api.activePerson(agent);
		for (int i = 0; i < 5; i++) {
			change("203.0.113.18" + i, cedula, "intento de cambio equivocado " + i, null);
		}

		assertThat(api.status(agent, cedula)).isEqualTo("BLOQUEADA");
		assertThat(login("203.0.113.189", cedula, GOOD_CLAVE, null).statusCode()).isEqualTo(401);
	}

	@Test
	void theWebPageShowsTheCaptchaWhenTheSourceMustSolveItAndChangesWithIt() {
		String source = "203.0.113.190";
		String cedula = api.activePerson(agent);
		WebClient browser = Pages.browser();
		browser.addRequestHeader("X-Forwarded-For", source);
		assertThat(Pages.open(browser, api.base() + "/cambio-clave").asXml()).doesNotContain("/js/captcha.js");
		for (int i = 0; i < 3; i++) {
			HtmlPage wrong = submitChange(Pages.open(browser, api.base() + "/cambio-clave"), cedula,
					"clave actual equivocada en la página " + i, null);
			assertThat(wrong.asNormalizedText()).contains("Número de cédula o clave incorrectos");
		}

		HtmlPage form = Pages.open(browser, api.base() + "/cambio-clave");
		assertThat(form.asXml()).contains("/js/captcha.js", "data-challenge-url");
		HtmlPage refused = submitChange(form, cedula, GOOD_CLAVE, null);
		assertThat(refused.asNormalizedText()).contains("Marque la casilla «No soy un robot».");
		assertThat(api.status(agent, cedula)).isEqualTo("ACTIVA");

		HtmlPage done = submitChange(refused, cedula, GOOD_CLAVE, CaptchaSolver.solve(api));
		assertThat(done.getUrl().toString()).contains("/ingresar?cambiada");
		assertThat(api.login(cedula, NEW_CLAVE).statusCode()).isEqualTo(200);
	}

	static HtmlPage submitChange(HtmlPage page, String cedula, String current, String captcha) {
		Pages.fill(page, "Número de cédula o RUC", cedula);
		Pages.fill(page, "Clave actual", current);
		Pages.fill(page, "Nueva clave", NEW_CLAVE);
		Pages.fill(page, "Confirmar nueva clave", NEW_CLAVE);
		Pages.check(page, "He leído y acepto el acuerdo de uso de clave");
		// null: the widget left unticked, as a browser with JavaScript sends it (without, the page's ticket goes).
		if (!page.getElementsByName("captcha").isEmpty()) {
			((HtmlInput) page.getElementsByName("captcha").get(0)).setValue(captcha == null ? "" : captcha);
		}
		return Pages.press(page, "Cambiar clave");
	}
}
