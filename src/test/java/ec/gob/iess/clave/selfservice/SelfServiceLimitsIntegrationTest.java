package ec.gob.iess.clave.selfservice;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import ec.gob.iess.clave.support.CaptchaSolver;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MutableClock;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.verifiedPerson;
import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each limit of issue 3 trips and recovers (SECURITY.md 8, 15, 16): the captcha on login after
 * failures from one source, one clave tried across accounts, recovery and unlock per source and per
 * account, and the mails sent per account. Small limits; every test speaks from its own source
 * address through the trusted proxy, and the clock moves past the window to show the recovery.
 */
@ClaveIntegrationTest
@TestPropertySource(properties = { "clave.captcha.max-number=2000", "clave.recovery.answer-time=PT0S",
		"clave.unlock.answer-time=PT0S", "clave.rate-limit.login-failure-source.limit=3",
		"clave.rate-limit.login-clave.limit=3", "clave.rate-limit.recovery-source.limit=3",
		"clave.rate-limit.recovery-account.limit=4", "clave.rate-limit.unlock-source.limit=3",
		"clave.rate-limit.unlock-account.limit=1", "clave.rate-limit.mail-account.limit=2",
		"server.forward-headers-strategy=native", "server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1|0:0:0:0:0:0:0:1" })
class SelfServiceLimitsIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcClient jdbc;

	TestFixtures api;
	String agent;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		agent = api.agent();
	}

	@AfterEach
	void resetClock() {
		clock.reset();
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

	HttpResponse<String> recovery(String source, String username, String birthDate) {
		return post(source, "/api/v1/password/recovery", "{\"username\":" + quote(username) + ",\"captcha\":"
				+ quote(CaptchaSolver.solve(api)) + ",\"birthDate\":" + quote(birthDate) + ",\"fingerprintCode\":\"V4343V4242\"}");
	}

	HttpResponse<String> unlock(String source, String username) {
		return post(source, "/api/v1/unlock", "{\"username\":" + quote(username) + ",\"captcha\":"
				+ quote(CaptchaSolver.solve(api)) + "}");
	}

	static void assertLimited(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
		assertThat(json(response).get("code").asString()).isEqualTo("RATE_LIMITED");
		assertThat(Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow())).isPositive();
	}

	String page(String source, String path) {
		try {
			return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + path))
				.header("X-Forwarded-For", source).build(), HttpResponse.BodyHandlers.ofString()).body();
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	@Test
	void afterFailuresFromOneSourceItsLoginsNeedTheCaptchaUntilTheWindowPasses() {
		String source = "203.0.113.10";
		String cedula = api.activePerson(agent);
		assertThat(page(source, "/ingresar")).doesNotContain("No soy un robot");
		for (int i = 0; i < 3; i++) {
			assertThat(login(source, TestCedulas.next(), "una clave equivocada número " + i, null).statusCode()).isEqualTo(401);
		}

		HttpResponse<String> withoutCaptcha = login(source, cedula, GOOD_CLAVE, null);
		assertThat(withoutCaptcha.statusCode()).isEqualTo(400);
		assertThat(json(withoutCaptcha).get("code").asString()).isEqualTo("CAPTCHA_REQUIRED");
		HttpResponse<String> forged = login(source, cedula, GOOD_CLAVE, "eyJhbGdvcml0aG0iOiJTSEEtMjU2In0=");
		assertThat(json(forged).get("code").asString()).isEqualTo("CAPTCHA_INVALID");
		assertThat(page(source, "/ingresar")).contains("No soy un robot", "/js/captcha.js");
		assertThat(login("203.0.113.11", cedula, GOOD_CLAVE, null).statusCode()).as("another source").isEqualTo(200);

		assertThat(login(source, cedula, GOOD_CLAVE, CaptchaSolver.solve(api)).statusCode()).isEqualTo(200);

		clock.advance(Duration.ofMinutes(31));
		assertThat(login(source, cedula, GOOD_CLAVE, null).statusCode()).isEqualTo(200);
		assertThat(page(source, "/ingresar")).doesNotContain("No soy un robot");
	}

	@Test
	void oneClaveFailingOnManyAccountsIsRefusedForAnHourWhoeverTriesIt() {
		String stuffed = "contraseña filtrada de otro sitio 2019";
		for (int i = 0; i < 3; i++) {
			assertThat(login("203.0.113.2" + i, TestCedulas.next(), stuffed, null).statusCode()).isEqualTo(401);
		}

		assertLimited(login("203.0.113.30", TestCedulas.next(), stuffed, null));
		String cedula = api.activePerson(agent);
		assertThat(login("203.0.113.31", cedula, GOOD_CLAVE, null).statusCode()).as("another clave").isEqualTo(200);
		assertThat(jdbc.sql("select count(*) from audit_events where type = 'RATE_LIMITED' and detail = 'LOGIN_CLAVE'")
			.query(Integer.class).single()).isPositive();

		clock.advance(Duration.ofHours(2).plusMinutes(1));
		assertThat(login("203.0.113.32", TestCedulas.next(), stuffed, null).statusCode()).isEqualTo(401);
	}

	@Test
	void recoveryIsLimitedPerSourceAndRecovers() {
		String source = "203.0.113.40";
		for (int i = 0; i < 3; i++) {
			assertThat(recovery(source, TestCedulas.next(), "1958-04-21").statusCode()).isEqualTo(422);
		}

		assertLimited(recovery(source, TestCedulas.next(), "1958-04-21"));
		assertThat(recovery("203.0.113.41", TestCedulas.next(), "1958-04-21").statusCode()).as("another source").isEqualTo(422);

		clock.advance(Duration.ofHours(2).plusMinutes(1));
		assertThat(recovery(source, TestCedulas.next(), "1958-04-21").statusCode()).isEqualTo(422);
	}

	@Test
	void recoveryIsLimitedPerAccountFromEverySourceAndRecovers() {
		String cedula = TestCedulas.next();
		for (int i = 0; i < 4; i++) {
			assertThat(recovery("203.0.113.5" + i, cedula, "1958-04-21").statusCode()).isEqualTo(422);
		}

		assertLimited(recovery("203.0.113.55", cedula, "1958-04-21"));
		assertThat(jdbc.sql("select count(*) from audit_events where type = 'RATE_LIMITED' and account = ? and detail = 'RECOVERY_ACCOUNT'")
			.param(cedula).query(Integer.class).single()).isEqualTo(1);

		clock.advance(Duration.ofHours(2).plusMinutes(1));
		assertThat(recovery("203.0.113.56", cedula, "1958-04-21").statusCode()).isEqualTo(422);
	}

	@Test
	void theMailsSentToOneAccountAreLimitedAndRecover() {
		String cedula = verifiedPerson(api, agent);
		assertThat(recovery("203.0.113.60", cedula, "1958-04-21").statusCode()).isEqualTo(202);
		assertThat(recovery("203.0.113.61", cedula, "1958-04-21").statusCode()).isEqualTo(202);

		assertLimited(recovery("203.0.113.62", cedula, "1958-04-21"));
		assertThat(links(cedula)).isEqualTo(2);
		assertThat(jdbc.sql("select count(*) from audit_events where type = 'RATE_LIMITED' and account = ? and detail = 'MAIL_ACCOUNT'")
			.param(cedula).query(Integer.class).single()).isEqualTo(1);

		clock.advance(Duration.ofHours(2).plusMinutes(1));
		assertThat(recovery("203.0.113.63", cedula, "1958-04-21").statusCode()).isEqualTo(202);
		assertThat(links(cedula)).isEqualTo(3);
	}

	@Test
	void unlockIsLimitedPerSourceAndRecovers() {
		String source = "203.0.113.70";
		for (int i = 0; i < 3; i++) {
			assertThat(unlock(source, TestCedulas.next()).statusCode()).isEqualTo(202);
		}

		assertLimited(unlock(source, TestCedulas.next()));

		clock.advance(Duration.ofHours(2).plusMinutes(1));
		assertThat(unlock(source, TestCedulas.next()).statusCode()).isEqualTo(202);
	}

	@Test
	void theWebPageSaysSoInSpanishWithRetryAfter() {
		String source = "203.0.113.100";
		for (int i = 0; i < 3; i++) {
			assertThat(unlock(source, TestCedulas.next()).statusCode()).isEqualTo(202);
		}
		WebClient client = Pages.browser();
		client.addRequestHeader("X-Forwarded-For", source);
		HtmlPage page = Pages.open(client, api.base() + "/desbloqueo");
		Pages.fill(page, "Número de cédula", TestCedulas.next());
		((HtmlInput) page.getElementsByName("captcha").get(0)).setValue(CaptchaSolver.solve(api));

		HtmlPage answer = Pages.press(page, "Desbloquear");

		assertThat(answer.getWebResponse().getStatusCode()).isEqualTo(429);
		assertThat(answer.getWebResponse().getResponseHeaderValue("Retry-After")).isNotBlank();
		assertThat(answer.asNormalizedText()).contains("Demasiados intentos",
				"Ha realizado demasiados intentos. Espere unos minutos e intente de nuevo.");
	}

	@Test
	void unlockPerAccountIsSilentTheSameAnswerButNoFurtherMailUntilTheWindowPasses() {
		String cedula = verifiedPerson(api, agent);
		for (int i = 0; i < 5; i++) { // five sources and claves: here a source needs the captcha, and a clave is refused, after 3 failures
			assertThat(login("203.0.113.9" + i, cedula, "otra clave equivocada de desbloqueo " + i, null).statusCode()).isEqualTo(401);
		}
		assertThat(api.status(agent, cedula)).isEqualTo("BLOQUEADA");
		HttpResponse<String> first = unlock("203.0.113.80", cedula);
		assertThat(unlockLinks(cedula)).isEqualTo(1);

		HttpResponse<String> second = unlock("203.0.113.81", cedula);

		assertThat(second.statusCode()).isEqualTo(202);
		assertThat(second.body()).isEqualTo(first.body());
		assertThat(unlockLinks(cedula)).as("no second mail").isEqualTo(1);

		clock.advance(Duration.ofHours(2).plusMinutes(1));
		assertThat(unlock("203.0.113.82", cedula).statusCode()).isEqualTo(202);
		assertThat(unlockLinks(cedula)).isEqualTo(2);
	}

	private int links(String cedula) {
		return jdbc.sql("select count(*) from one_time_links where account = ? and purpose = 'RECOVERY'").param(cedula)
			.query(Integer.class).single();
	}

	private int unlockLinks(String cedula) {
		return jdbc.sql("select count(*) from mail_outbox where kind = 'UNLOCK_LINK' and recipient = ?")
			.param(SelfServiceTestSupport.email(cedula)).query(Integer.class).single();
	}
}
