package ec.gob.iess.clave.captcha;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ec.gob.iess.clave.ClaveApplication;
import ec.gob.iess.clave.audit.Channel;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.support.CaptchaSolver;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MutableClock;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

import static ec.gob.iess.clave.support.TestFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** "No soy un robot" on a real database (API.md Captcha): the challenge call, single use across nodes, expiry. */
@ClaveIntegrationTest
class CaptchaIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	Captcha captcha;

	@Autowired
	SpentSolutionCleanup cleanup;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	Environment environment;

	@Autowired
	ITemplateEngine templates;

	/** The test's own calls: its HTTP client is on this machine, and the API takes no tickets. */
	static final Origin API = new Origin(Origin.ANONYMOUS, Channel.API, "127.0.0.1");

	static final Origin WEB = new Origin(Origin.ANONYMOUS, Channel.WEB, "127.0.0.1");

	TestFixtures api;

	@BeforeEach
	void setUp() {
		clock.reset();
		api = new TestFixtures(port);
	}

	@AfterEach
	void resetClock() {
		clock.reset();
	}

	JsonNode fetchChallenge() {
		HttpResponse<String> response = api.get("/api/v1/captcha", null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response);
	}

	static void assertInvalid(Runnable verification) {
		assertThatThrownBy(verification::run).isInstanceOfSatisfying(Refusal.class,
				e -> assertThat(e.code()).isEqualTo(RefusalCode.CAPTCHA_INVALID));
	}

	long spentRows(JsonNode challenge) {
		return jdbc.sql("select count(*) from captcha_used_solutions where challenge = ?")
			.param(challenge.get("challenge").asString())
			.query(Long.class)
			.single();
	}

	@Test
	void theChallengeCallAnswersTheFiveFieldsOfAltchaWithoutCookiesOrCaching() {
		HttpResponse<String> response = api.get("/api/v1/captcha", null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/json"));
		assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(
				cache -> assertThat(cache).contains("no-store"));
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
		JsonNode challenge = json(response);
		List<String> names = new ArrayList<>(challenge.propertyNames());
		assertThat(names).containsExactlyInAnyOrder("algorithm", "challenge", "maxnumber", "salt", "signature");
		assertThat(challenge.get("algorithm").asString()).isEqualTo("SHA-256");
		assertThat(challenge.get("challenge").asString()).matches("[0-9a-f]{64}");
		assertThat(challenge.get("maxnumber").isInt()).isTrue();
		assertThat(challenge.get("maxnumber").asInt()).isEqualTo(100000);
		assertThat(challenge.get("salt").asString()).matches("[0-9a-f]+\\?expires=\\d+&");
		assertThat(challenge.get("signature").asString()).matches("[0-9a-f]{64}");
	}

	@Test
	void aSolutionIsAcceptedOnceAndRefusedTheSecondTime() {
		JsonNode challenge = fetchChallenge();
		String payload = CaptchaSolver.solve(challenge);

		captcha.verify(payload, API);
		assertThat(spentRows(challenge)).as("the accepted solution is recorded").isEqualTo(1);

		assertInvalid(() -> captcha.verify(payload, API));
		assertThat(spentRows(challenge)).isEqualTo(1);
	}

	@Test
	void aMissingSolutionIsRequiredAndAWrongOneInvalid() {
		assertThatThrownBy(() -> captcha.verify("", API)).isInstanceOfSatisfying(Refusal.class,
				e -> assertThat(e.code()).isEqualTo(RefusalCode.CAPTCHA_REQUIRED));
		assertInvalid(() -> captcha.verify("bm8gZXMgdW4gY2FwdGNoYQ==", API));
	}

	/** Two nodes behind a load balancer share the database and nothing else. */
	@Test
	void aSecondNodeOnTheSameDatabaseRefusesASolutionUsedOnTheFirstAndAcceptsItsChallenges() {
		try (ConfigurableApplicationContext secondNode = startSecondNode()) {
			Captcha second = secondNode.getBean(Captcha.class);

			JsonNode fromFirst = fetchChallenge();
			String usedHere = CaptchaSolver.solve(fromFirst);
			captcha.verify(usedHere, API);
			assertInvalid(() -> second.verify(usedHere, API));

			Captcha.Challenge fromSecond = second.challenge(API);
			String solvedThere = CaptchaSolver.solve(TestFixtures.JSON.valueToTree(fromSecond));
			second.verify(solvedThere, API);
			assertInvalid(() -> captcha.verify(solvedThere, API));
		}
		assertThat(jdbc.sql("select count(*) from server_keys where purpose = 'captcha'").query(Long.class).single())
			.as("one signing key, made by the first node that needed it").isEqualTo(1);
	}

	@Test
	void aSolutionWorksJustBeforeItsTtlAndIsRefusedAfter() {
		String inTime = CaptchaSolver.solve(fetchChallenge());
		JsonNode lateChallenge = fetchChallenge();
		String late = CaptchaSolver.solve(lateChallenge);

		clock.advance(Duration.ofMinutes(4).plusSeconds(50));
		captcha.verify(inTime, API);

		clock.advance(Duration.ofSeconds(20));
		assertInvalid(() -> captcha.verify(late, API));
		assertThat(spentRows(lateChallenge)).as("an expired solution is not recorded").isZero();
	}

	@Test
	void expiredSolutionsAreDeletedFromTheTable() {
		JsonNode challenge = fetchChallenge();
		captcha.verify(CaptchaSolver.solve(challenge), API);

		cleanup.deleteExpired();
		assertThat(spentRows(challenge)).as("still within its time").isEqualTo(1);

		clock.advance(Duration.ofMinutes(5).plusSeconds(1));
		cleanup.deleteExpired();
		assertThat(spentRows(challenge)).isZero();
	}

	/** The solution is spent in its own transaction: a refusal or a rollback of the caller changes nothing. */
	@Test
	void insideACallersTransactionAReuseDoesNotBreakItAndARollbackDoesNotUnspend() {
		JsonNode challenge = fetchChallenge();
		String payload = CaptchaSolver.solve(challenge);

		transactions.executeWithoutResult(status -> {
			captcha.verify(payload, API);
			assertInvalid(() -> captcha.verify(payload, API));
			assertThat(jdbc.sql("select count(*) from server_keys where purpose = 'captcha'").query(Long.class).single())
				.as("the caller's transaction still works after the refused insert").isEqualTo(1);
			status.setRollbackOnly();
		});

		assertThat(spentRows(challenge)).isEqualTo(1);
		assertInvalid(() -> captcha.verify(payload, API));
	}

	static WebContext spanishPage() {
		MockServletContext servletContext = new MockServletContext();
		JakartaServletWebApplication application = JakartaServletWebApplication.buildApplication(servletContext);
		return new WebContext(application.buildExchange(new MockHttpServletRequest(servletContext),
				new MockHttpServletResponse()), Locale.forLanguageTag("es"));
	}

	@Test
	void theFragmentRendersTheWidgetWithTheTextsOfTheBundle() {
		WebContext context = spanishPage();

		String html = templates.process("fragments/captcha", Set.of("captcha"), context);

		assertThat(html).contains("class=\"field check captcha\"", "data-challenge-url=\"/api/v1/captcha\"",
				"data-worker-url=\"/js/captcha-worker.js\"", "data-label=\"No soy un robot\"",
				"data-working=\"Verificando…\"", "data-done=\"Listo\"",
				"data-error=\"No se pudo verificar. Intente de nuevo.\"", "<script src=\"/js/captcha.js\" defer></script>");
		assertThat(html).doesNotContain("th:", "onclick", "style=");
		assertThat(html).as("the widget's field is made by its script, so a page without scripts sends only the ticket")
			.doesNotContain("name=\"captcha\"");
	}

	@Test
	void withoutJavaScriptTheFragmentCarriesTheTicketAndSaysHowLongToWait() {
		WebContext context = spanishPage();
		Captcha.NoScriptTicket ticket = captcha.ticket(WEB);
		context.setVariable("captchaTicket", ticket);

		String html = templates.process("fragments/captcha", Set.of("captcha"), context);

		assertThat(ticket.waitSeconds()).isEqualTo(5);
		assertThat(html).contains("<noscript>", "<input type=\"hidden\" name=\"captcha\" value=\"" + ticket.value() + "\">",
				"Su navegador no ejecuta JavaScript. Para confirmar que no es un robot, espere 5 segundos");
	}

	@Test
	void theWidgetsScriptsAreServedToAnyone() {
		for (String script : List.of("/js/captcha.js", "/js/captcha-worker.js")) {
			HttpResponse<String> response = api.get(script, null);
			assertThat(response.statusCode()).as(script).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					type -> assertThat(type).contains("javascript"));
		}
	}

	private ConfigurableApplicationContext startSecondNode() {
		return new SpringApplicationBuilder(ClaveApplication.class).run("--server.port=0", "--clave.demo-data=false",
				"--spring.main.banner-mode=off",
				"--spring.datasource.url=" + environment.getRequiredProperty("spring.datasource.url"),
				"--spring.datasource.username=" + environment.getRequiredProperty("spring.datasource.username"),
				"--spring.datasource.password=" + environment.getProperty("spring.datasource.password", ""),
				"--clave.staff.totp-key=" + environment.getProperty("clave.staff.totp-key", ""),
				"--clave.biometric.key=" + environment.getProperty("clave.biometric.key", ""),
				"--clave.sso.key=" + environment.getProperty("clave.sso.key", ""),
				"--clave.rate-limit.clave-key=" + environment.getProperty("clave.rate-limit.clave-key", ""));
	}
}
