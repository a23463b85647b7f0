package ec.gob.iess.clave.selfservice;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ec.gob.iess.clave.mail.MailKind;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MailServerTest;
import ec.gob.iess.clave.support.MutableClock;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.support.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.NEW_CLAVE;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.email;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.recovery;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.reset;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.verifiedPerson;
import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generar/recuperar clave from request to email to link to new clave to login, against the running
 * application and a real SMTP server (PRODUCT.md §4.2; SECURITY.md 9–13, 15).
 */
@ClaveIntegrationTest
@TestPropertySource(properties = { "clave.captcha.max-number=2000", "clave.recovery.answer-time=PT0.15S",
		"clave.rate-limit.recovery-source.limit=100000", "clave.rate-limit.recovery-account.limit=100000",
		"clave.rate-limit.mail-source.limit=100000", "clave.rate-limit.mail-account.limit=100000",
		"clave.rate-limit.unlock-source.limit=100000", "clave.rate-limit.unlock-account.limit=100000",
		"clave.unlock.answer-time=PT0.15S" })
class RecoveryFlowIntegrationTest extends MailServerTest {

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

	/** Asks for a link and reads its token from the new email (notices may come and go meanwhile). */
	String requestLink(String cedula) {
		int before = SMTP.withLinks(email(cedula)).size();
		HttpResponse<String> answer = recovery(api, cedula, "1958-04-21", "v4343v4242");
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		List<MimeMessage> mails = SMTP.awaitWithLinks(email(cedula), before + 1, Duration.ofSeconds(5));
		return TestMailServer.token(TestMailServer.links(mails.get(before)).get(0));
	}

	@Test
	void fromRequestToEmailToLinkToNewClaveToLogin() {
		String cedula = verifiedPerson(api, agent);

		HttpResponse<String> answer = recovery(api, cedula, "1958-04-21", "V4343V4242");

		assertThat(answer.statusCode()).isEqualTo(202);
		assertThat(json(answer).get("sent").asBoolean()).isTrue();
		assertThat(json(answer).get("maskedEmail").asString()).isEqualTo("p***" + cedula.charAt(9) + "@c***.ec");
		MimeMessage mail = SMTP.awaitWithLinks(email(cedula), 1, Duration.ofSeconds(5)).get(0);
		String body = TestMailServer.body(mail);
		assertThat(TestMailServer.links(mail).stream().distinct().toList()).hasSize(1)
			.allSatisfy(link -> assertThat(link).startsWith("https://clave.iess.test/recuperar/enlace?token="));
		assertThat(body).contains("15 minutos").doesNotContain(cedula, GOOD_CLAVE);
		String token = TestMailServer.token(TestMailServer.links(mail).get(0));

		assertThat(reset(api, token, NEW_CLAVE).statusCode()).isEqualTo(204);

		assertThat(api.login(cedula, NEW_CLAVE).statusCode()).isEqualTo(200);
		assertThat(api.login(cedula, GOOD_CLAVE).statusCode()).isEqualTo(401);
		assertThat(jdbc.sql("select count(*) from audit_events where account = ? and type = 'PASSWORD_RESET'")
			.param(cedula).query(Integer.class).single()).isEqualTo(1);
		MimeMessage notice = SMTP.awaitSubject(email(cedula), MailKind.PASSWORD_RESET.subject(), Duration.ofSeconds(5));
		assertThat(TestMailServer.body(notice)).doesNotContain(NEW_CLAVE).containsIgnoringCase("si usted no");
	}

	@Test
	void aResetClearsTheLockEndsEverySessionAndDoesNotLogIn() {
		String cedula = verifiedPerson(api, agent);
		String token = json(api.login(cedula, GOOD_CLAVE)).get("accessToken").asString();
		SelfServiceTestSupport.lock(api, cedula);
		assertThat(api.status(agent, cedula)).isEqualTo("BLOQUEADA");

		HttpResponse<String> reset = reset(api, requestLink(cedula), NEW_CLAVE);

		assertThat(reset.statusCode()).isEqualTo(204);
		assertThat(reset.body()).isEmpty();
		assertThat(api.status(agent, cedula)).isEqualTo("ACTIVA");
		assertThat(api.get("/api/v1/me", token).statusCode()).isEqualTo(401);
	}

	@Test
	void anyKindOfMismatchGetsOneByteIdenticalAnswer() {
		String wrongData = verifiedPerson(api, agent);
		String withoutContact = api.activePerson(agent);
		String suspended = verifiedPerson(api, agent);
		api.post("/api/v1/staff/persons/" + suspended + "/suspend", "{\"reason\":\"fraude\"}", agent);

		List<HttpResponse<String>> answers = List.of(recovery(api, TestCedulas.next(), "1958-04-21", "V4343V4242"),
				recovery(api, wrongData, "1958-04-22", "V4343V4242"), recovery(api, wrongData, "1958-04-21", "V4343V4243"),
				recovery(api, withoutContact, "1958-04-21", "V4343V4242"),
				recovery(api, suspended, "1958-04-21", "V4343V4242"));

		HttpResponse<String> first = answers.get(0);
		assertThat(first.statusCode()).isEqualTo(422);
		assertThat(json(first).get("code").asString()).isEqualTo("IDENTITY_NOT_CONFIRMED");
		for (HttpResponse<String> answer : answers) {
			assertThat(answer.statusCode()).isEqualTo(422);
			assertThat(answer.body()).isEqualTo(first.body());
			assertThat(LoginHeaders.withoutDate(answer)).isEqualTo(LoginHeaders.withoutDate(first));
		}
		assertThat(SMTP.withLinks(email(wrongData))).isEmpty();
		assertThat(SMTP.withLinks(email(suspended))).isEmpty();
	}

	/** SECURITY.md 21 for the self-service calls: a 4xx with a code, never a 5xx or a stack trace, nothing written. */
	@Test
	void malformedInputIsRefusedWithACodeAndChangesNothing() {
		String cedula = verifiedPerson(api, agent);
		String huge = "9".repeat(100_000);
		List<String> usernames = List.of("' OR 1=1 --", "١٧١٠٠٣٤٠٦٥", "1710034065\u0000", huge, "<script>alert(1)</script>",
				"\ud800", "1710034065'; drop table accounts; --");
		List<String> bodies = new ArrayList<>(List.of("{", "[]", "null", "\"texto\"", "{\"username\":{\"a\":1}}",
				"{\"username\":[1,2]}", "{\"token\":{\"a\":1},\"newPassword\":true}", "{\"birthDate\":\"1958-02-31\"}",
				"{\"birthDate\":12}", "{\"acceptAgreement\":\"quizás\"}"));
		for (String username : usernames) {
			bodies.add("{\"username\":\"" + username + "\",\"captcha\":CAPTCHA,\"birthDate\":\"1958-04-21\",\"fingerprintCode\":\""
					+ username + "\"}");
			bodies.add("{\"token\":\"" + username + "\",\"newPassword\":\"" + username + "\",\"acceptAgreement\":true}");
		}
		int links = jdbc.sql("select count(*) from one_time_links").query(Integer.class).single();
		int mails = jdbc.sql("select count(*) from mail_outbox").query(Integer.class).single();
		String before = api.status(agent, cedula);

		for (String path : List.of("/api/v1/password/recovery", "/api/v1/password/reset", "/api/v1/unlock",
				"/api/v1/unlock/confirm")) {
			for (String body : bodies) {
				String sent = body.replace("CAPTCHA", TestFixtures.quote(ec.gob.iess.clave.support.CaptchaSolver.solve(api)));
				HttpResponse<String> answer = api.post(path, sent, null);
				String what = path + " " + (body.length() > 120 ? body.substring(0, 120) + "…" : body);
				assertThat(answer.statusCode()).as(what).isIn(400, 410);
				assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(what).startsWith("application/problem+json");
				assertThat(json(answer).get("code").asString()).as(what).isNotBlank();
				assertThat(answer.body()).as(what).doesNotContain("Exception", "at ec.", "at org.");
			}
		}

		// A date as printed on the cédula is for the web page; the API takes ISO dates only.
		HttpResponse<String> printedDate = api.post("/api/v1/password/recovery", "{\"username\":\"" + cedula + "\",\"captcha\":"
				+ TestFixtures.quote(ec.gob.iess.clave.support.CaptchaSolver.solve(api))
				+ ",\"birthDate\":\"21/04/1958\",\"fingerprintCode\":\"V4343V4242\"}", null);
		assertThat(printedDate.statusCode()).isEqualTo(400);
		assertThat(json(printedDate).get("code").asString()).isEqualTo("INVALID_REQUEST");

		assertThat(jdbc.sql("select count(*) from one_time_links").query(Integer.class).single()).isEqualTo(links);
		assertThat(jdbc.sql("select count(*) from mail_outbox").query(Integer.class).single()).isEqualTo(mails);
		assertThat(api.status(agent, cedula)).isEqualTo(before);
	}

	@Nested
	class Links {

		@Test
		void workJustBeforeTheirTtlAndAreRefusedJustAfter() {
			String early = verifiedPerson(api, agent);
			String late = verifiedPerson(api, agent);
			String earlyToken = requestLink(early);
			String lateToken = requestLink(late);

			clock.advance(Duration.ofMinutes(14).plusSeconds(50));
			assertThat(reset(api, earlyToken, NEW_CLAVE).statusCode()).isEqualTo(204);

			clock.advance(Duration.ofSeconds(20));
			HttpResponse<String> refused = reset(api, lateToken, NEW_CLAVE);
			assertThat(refused.statusCode()).isEqualTo(410);
			assertThat(json(refused).get("code").asString()).isEqualTo("TOKEN_INVALID");
		}

		@Test
		void workOnce() {
			String cedula = verifiedPerson(api, agent);
			String token = requestLink(cedula);

			assertThat(reset(api, token, NEW_CLAVE).statusCode()).isEqualTo(204);
			assertThat(reset(api, token, "otra clave distinta y larga").statusCode()).isEqualTo(410);
			assertThat(api.login(cedula, NEW_CLAVE).statusCode()).isEqualTo(200);
		}

		@Test
		void aNewerLinkVoidsTheOlder() {
			String cedula = verifiedPerson(api, agent);
			String older = requestLink(cedula);
			String newer = requestLink(cedula);

			assertThat(reset(api, older, NEW_CLAVE).statusCode()).isEqualTo(410);
			assertThat(reset(api, newer, NEW_CLAVE).statusCode()).isEqualTo(204);
		}

		@Test
		void aClaveChangeVoidsOpenLinks() {
			String cedula = verifiedPerson(api, agent);
			String token = requestLink(cedula);
			api.post("/api/v1/password/change", "{\"username\":\"" + cedula + "\",\"currentPassword\":\"" + GOOD_CLAVE
					+ "\",\"newPassword\":\"otra clave distinta y larga\",\"acceptAgreement\":true}", null);

			assertThat(reset(api, token, NEW_CLAVE).statusCode()).isEqualTo(410);
		}

		@Test
		void twentyConcurrentRedemptionsMakeOneSuccess() throws Exception {
			String cedula = verifiedPerson(api, agent);
			String token = requestLink(cedula);
			ExecutorService pool = Executors.newFixedThreadPool(20);
			List<Integer> statuses = new ArrayList<>();
			try {
				List<Callable<Integer>> redemptions = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					String clave = NEW_CLAVE + " " + i;
					redemptions.add(() -> reset(api, token, clave).statusCode());
				}
				for (Future<Integer> status : pool.invokeAll(redemptions)) {
					statuses.add(status.get());
				}
			}
			finally {
				pool.shutdown();
			}

			assertThat(Collections.frequency(statuses, 204)).isEqualTo(1);
			assertThat(statuses).allSatisfy(status -> assertThat(status).isIn(204, 410, 503));
		}

		@Test
		void aWeakClaveLeavesTheLinkUsable() {
			String cedula = verifiedPerson(api, agent);
			String token = requestLink(cedula);

			HttpResponse<String> weak = reset(api, token, "quishpe tiene una clave larga");

			assertThat(weak.statusCode()).isEqualTo(400);
			assertThat(json(weak).get("reasons").toString()).contains("CONTAINS_NAME");
			assertThat(reset(api, token, NEW_CLAVE).statusCode()).isEqualTo(204);
		}

		@Test
		void openingTheLinkPageChangesNothingAndMovesTheTokenOutOfTheAddress() throws Exception {
			String cedula = verifiedPerson(api, agent);
			String token = requestLink(cedula);

			HttpResponse<String> opened = HttpClient.newHttpClient().send(
					HttpRequest.newBuilder(URI.create(api.base() + "/recuperar/enlace?token=" + token)).build(),
					HttpResponse.BodyHandlers.ofString());

			assertThat(opened.statusCode()).isEqualTo(302);
			assertThat(opened.headers().firstValue("Location").orElseThrow()).endsWith("/recuperar/nueva-clave")
				.doesNotContain(token);
			assertThat(opened.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
			assertThat(reset(api, token, NEW_CLAVE).statusCode()).isEqualTo(204);
		}

		@Test
		void areBuiltFromTheBaseUrlWhateverHostTheRequestClaims() throws Exception {
			String cedula = verifiedPerson(api, agent);
			HttpRequest forged = HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/password/recovery"))
				.header("Content-Type", "application/json")
				.header("X-Forwarded-Host", "evil.example")
				.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + cedula + "\",\"captcha\":"
						+ TestFixtures.quote(ec.gob.iess.clave.support.CaptchaSolver.solve(api))
						+ ",\"birthDate\":\"1958-04-21\",\"fingerprintCode\":\"V4343V4242\"}"))
				.build();

			assertThat(HttpClient.newHttpClient().send(forged, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);

			MimeMessage mail = SMTP.awaitWithLinks(email(cedula), 1, Duration.ofSeconds(5)).get(0);
			assertThat(TestMailServer.links(mail)).allSatisfy(link -> assertThat(link).startsWith("https://clave.iess.test/"));
			assertThat(TestMailServer.body(mail)).doesNotContain("evil.example", "localhost");
		}

		@Test
		void areStoredOnlyAsHashes() {
			String cedula = verifiedPerson(api, agent);
			String token = requestLink(cedula);

			assertThat(jdbc.sql("select count(*) from one_time_links where token_hash = ?").param(token)
				.query(Integer.class).single()).isZero();
		}
	}

	static long timed(Runnable action) {
		long start = System.nanoTime();
		action.run();
		return System.nanoTime() - start;
	}

	static long median(List<Long> values) {
		List<Long> sorted = new ArrayList<>(values.subList(10, values.size()));
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}
}
