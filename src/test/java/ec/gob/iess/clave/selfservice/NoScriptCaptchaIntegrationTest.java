package ec.gob.iess.clave.selfservice;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import ec.gob.iess.clave.support.CaptchaSolver;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MailServerTest;
import ec.gob.iess.clave.support.MutableClock;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.support.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.email;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.verifiedPerson;
import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, point 3: without JavaScript every flow that asks "No soy un robot" can be completed, through
 * the page's ticket after its wait (decision 66); the proof of work is harder for a source that keeps
 * trying, and an easier solution is then refused (decision 67). Pages are driven by a browser that runs
 * no scripts ({@link Pages#browser()}); every test speaks from its own source address through the
 * trusted proxy, and the wait passes on the test clock.
 */
@ClaveIntegrationTest
@TestPropertySource(properties = { "clave.captcha.max-number=2000", "clave.captcha.free-attempts=3",
		"clave.rate-limit.login-failure-source.limit=3", "clave.rate-limit.captcha-ticket-source.limit=3",
		"clave.recovery.answer-time=PT0S", "clave.unlock.answer-time=PT0S", "server.forward-headers-strategy=native",
		"server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1|0:0:0:0:0:0:0:1" })
class NoScriptCaptchaIntegrationTest extends MailServerTest {

	static final Duration WAIT = Duration.ofSeconds(5);

	static final String TOO_EARLY = "Por seguridad, espere unos segundos y pulse de nuevo el botón.";

	private static final AtomicInteger SOURCES = new AtomicInteger();

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	TestFixtures api;
	String agent;
	String source;
	WebClient browser;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		agent = api.agent();
		source = "198.51.100." + SOURCES.incrementAndGet();
		browser = Pages.browser();
		browser.addRequestHeader("X-Forwarded-For", source);
	}

	@AfterEach
	void tearDown() {
		browser.close();
		clock.reset();
	}

	HtmlPage open(String path) {
		return Pages.open(browser, api.base() + path);
	}

	static String ticket(HtmlPage page) {
		List<?> fields = page.getElementsByName("captcha");
		assertThat(fields).as("one captcha field is sent").hasSize(1);
		return ((HtmlInput) fields.get(0)).getValue();
	}

	HttpResponse<String> post(String from, String path, String body) {
		return api.postFrom(from, path, body);
	}

	JsonNode challenge(String from) {
		HttpResponse<String> response = api.getFrom(from, "/api/v1/captcha");
		assertThat(response.statusCode()).isEqualTo(200);
		return json(response);
	}

	HttpResponse<String> failLogin(String from, String username) {
		return post(from, "/api/v1/login", "{\"username\":" + quote(username) + ",\"password\":\"una clave equivocada\"}");
	}

	HttpResponse<String> unlockByApi(String from, String username, String captcha) {
		return post(from, "/api/v1/unlock", "{\"username\":" + quote(username) + ",\"captcha\":" + quote(captcha) + "}");
	}

	/**
	 * Four failed logins from the source, the last with the captcha it then needs: one attempt past the
	 * three free ones, so level 1.
	 */
	void failFourTimes(String cedula) {
		for (int i = 0; i < 3; i++) {
			assertThat(failLogin(source, cedula).statusCode()).isEqualTo(401);
		}
		assertThat(challenge(source).get("maxnumber").asInt()).as("three attempts are free").isEqualTo(2000);
		assertThat(post(source, "/api/v1/login", "{\"username\":" + quote(cedula) + ",\"password\":\"otra equivocada\",\"captcha\":"
				+ quote(CaptchaSolver.solve(challenge(source))) + "}").statusCode()).isEqualTo(401);
	}

	/** Five failures from five other sources: the account locks, and no source is asked for the captcha. */
	String lockedPerson() {
		String cedula = verifiedPerson(api, agent);
		for (int i = 0; i < 5; i++) {
			assertThat(failLogin("192.0.2." + SOURCES.incrementAndGet(), cedula).statusCode()).isEqualTo(401);
		}
		assertThat(api.status(agent, cedula)).isEqualTo("BLOQUEADA");
		return cedula;
	}

	HtmlPage requestUnlock(String cedula) {
		HtmlPage start = open("/desbloqueo");
		Pages.fill(start, "Número de cédula", cedula);
		clock.advance(WAIT);
		return Pages.press(start, "Desbloquear");
	}

	@Test
	void desbloqueoIsCompletedWithoutJavaScriptAfterTheWait() {
		String cedula = lockedPerson();
		HtmlPage start = open("/desbloqueo");
		assertThat(start.asNormalizedText()).contains(
				"Su navegador no ejecuta JavaScript. Para confirmar que no es un robot, espere 5 segundos después de abrir esta página y luego pulse el botón.");
		Pages.fill(start, "Número de cédula", cedula);
		clock.advance(WAIT);

		HtmlPage answer = Pages.press(start, "Desbloquear");

		assertThat(answer.getUrl().getPath()).isEqualTo("/desbloqueo");
		assertThat(answer.asNormalizedText()).doesNotContain("Revise los datos");
		List<MimeMessage> mails = SMTP.awaitWithLinks(email(cedula), 1, Duration.ofSeconds(10));
		String link = TestMailServer.links(mails.get(mails.size() - 1)).get(0);
		HtmlPage confirm = open("/desbloqueo/enlace?token=" + TestMailServer.token(link));
		Pages.press(confirm, "Confirmar desbloqueo");
		assertThat(api.status(agent, cedula)).isEqualTo("ACTIVA");
	}

	@Test
	void generarRecuperarClavesFirstStepIsCompletedWithoutJavaScriptAfterTheWait() {
		String cedula = verifiedPerson(api, agent);
		HtmlPage start = open("/recuperar");
		Pages.fill(start, "Número de cédula", cedula);
		clock.advance(WAIT);

		HtmlPage identity = Pages.press(start, "Buscar");

		assertThat(identity.getUrl().getPath()).isEqualTo("/recuperar/identidad");
		Pages.fill(identity, "Fecha de nacimiento", "21/04/1958");
		Pages.fill(identity, "Código dactilar", "V4343V4242");
		assertThat(Pages.press(identity, "Continuar").asNormalizedText()).contains("Le enviamos un enlace");
	}

	@Test
	void aLoginThatRequiresTheCaptchaIsCompletedWithoutJavaScriptAfterTheWait() {
		String cedula = api.activePerson(agent);
		for (int i = 0; i < 3; i++) {
			assertThat(failLogin(source, cedula).statusCode()).isEqualTo(401);
		}
		HtmlPage login = open("/ingresar");
		assertThat(login.asNormalizedText()).contains("confirme que no es un robot", "espere 5 segundos");
		Pages.fill(login, "Número de cédula", cedula);
		Pages.fill(login, "Clave", GOOD_CLAVE);
		clock.advance(WAIT);

		HtmlPage signedIn = Pages.press(login, "Ingresar");

		assertThat(signedIn.getUrl().getPath()).isIn("/servicios", "/acuerdo");
	}

	@Test
	void pressedTooEarlyTheFormComesBackWithTheMessageAndANewTicketThatWorksAfterTheWait() {
		String cedula = lockedPerson();
		HtmlPage start = open("/desbloqueo");
		String first = ticket(start);
		Pages.fill(start, "Número de cédula", cedula);
		clock.advance(Duration.ofSeconds(3));

		HtmlPage again = Pages.press(start, "Desbloquear");

		assertThat(again.asNormalizedText()).contains("Revise los datos", TOO_EARLY);
		assertThat(((HtmlInput) Pages.field(again, "Número de cédula")).getValue()).isEqualTo(cedula);
		assertThat(ticket(again)).isNotEqualTo(first).startsWith("t1.");
		clock.advance(WAIT);
		assertThat(Pages.press(again, "Desbloquear").asNormalizedText()).doesNotContain("Revise los datos");
		assertThat(SMTP.awaitWithLinks(email(cedula), 1, Duration.ofSeconds(10))).hasSize(1);
	}

	@Test
	void aTicketIsSpentOnce() {
		HtmlPage first = open("/desbloqueo");
		String used = ticket(first);
		Pages.fill(first, "Número de cédula", verifiedPerson(api, agent));
		clock.advance(WAIT);
		assertThat(Pages.press(first, "Desbloquear").asNormalizedText()).doesNotContain("Revise los datos");

		HtmlPage second = open("/desbloqueo");
		Pages.fill(second, "Número de cédula", verifiedPerson(api, agent));
		((HtmlInput) second.getElementsByName("captcha").get(0)).setValue(used);

		assertThat(Pages.press(second, "Desbloquear").asNormalizedText()).contains(
				"La verificación «No soy un robot» expiró o ya fue usada. Espere unos segundos y pulse de nuevo el botón.");
	}

	@Test
	void ticketsPerSourceAreLimitedAsEveryOtherLimitIs() {
		for (int i = 0; i < 3; i++) {
			assertThat(requestUnlock(verifiedPerson(api, agent)).asNormalizedText()).doesNotContain("Revise los datos");
		}

		HtmlPage limited = requestUnlock(verifiedPerson(api, agent));

		assertThat(limited.getWebResponse().getStatusCode()).isEqualTo(429);
		assertThat(limited.getWebResponse().getResponseHeaderValue("Retry-After")).isNotBlank();
		assertThat(limited.asNormalizedText()).contains("Demasiados intentos");
		String proofOfWork = CaptchaSolver.solve(challenge(source));
		assertThat(unlockByApi(source, verifiedPerson(api, agent), proofOfWork).statusCode())
			.as("the proof of work is not limited by tickets").isEqualTo(202);
	}

	@Test
	void theApiRefusesATicket() {
		String ticket = ticket(open("/desbloqueo"));
		clock.advance(WAIT);

		HttpResponse<String> refused = unlockByApi(source, verifiedPerson(api, agent), ticket);

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(json(refused).get("code").asString()).isEqualTo("CAPTCHA_INVALID");
		assertThat(json(refused).has("reasons") && !json(refused).get("reasons").isEmpty()).as("nothing about tickets").isFalse();
	}

	@Test
	void theWorkRisesForASourceThatKeepsFailingAndAnEasierSolutionIsThenRefused() {
		String cedula = api.activePerson(agent);
		JsonNode easy = challenge(source);
		assertThat(easy.get("maxnumber").asInt()).isEqualTo(2000);
		String easySolution = CaptchaSolver.solve(easy);
		failFourTimes(cedula);

		JsonNode harder = challenge(source);

		assertThat(new ArrayList<>(harder.propertyNames())).as("API.md's five fields, nothing more")
			.containsExactlyInAnyOrder("algorithm", "challenge", "maxnumber", "salt", "signature");
		assertThat(harder.get("maxnumber").asInt()).isEqualTo(4000);
		assertThat(harder.get("salt").asString()).contains("level=1&");
		assertThat(challenge("203.0.113.250").get("maxnumber").asInt()).as("another source").isEqualTo(2000);
		HttpResponse<String> refused = unlockByApi(source, cedula, easySolution);
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(json(refused).get("code").asString()).isEqualTo("CAPTCHA_INVALID");
		assertThat(open("/desbloqueo").asNormalizedText()).as("the ticket waits longer too").contains("espere 10 segundos");
		assertThat(unlockByApi(source, cedula, CaptchaSolver.solve(harder)).statusCode()).isEqualTo(202);
	}

	@Test
	void aTicketAtAHigherLevelWaitsLonger() {
		failFourTimes(api.activePerson(agent));
		HtmlPage start = open("/desbloqueo");
		Pages.fill(start, "Número de cédula", verifiedPerson(api, agent));
		clock.advance(WAIT.plusSeconds(2));

		HtmlPage early = Pages.press(start, "Desbloquear");

		assertThat(early.asNormalizedText()).contains(TOO_EARLY);
		clock.advance(Duration.ofSeconds(10));
		assertThat(Pages.press(early, "Desbloquear").asNormalizedText()).doesNotContain("Revise los datos");
	}
}
