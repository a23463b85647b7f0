package ec.gob.iess.clave.selfservice;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.support.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.email;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.recovery;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.reset;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.verifiedPerson;
import static ec.gob.iess.clave.support.Pages.press;
import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "No fui yo" (PRODUCT.md §4.7a, API.md "The owner's own account", SECURITY.md 27): the link every notice
 * carries works without login, once, for {@code clave.fraud-report.link-ttl}; opening it changes nothing;
 * confirming freezes the account and ends every session, token and link.
 */
@ClaveIntegrationTest
// The same settings as RecoveryFlowIntegrationTest's, so the flows share one application context.
@TestPropertySource(properties = { "clave.captcha.max-number=2000", "clave.recovery.answer-time=PT0.15S",
		"clave.rate-limit.recovery-source.limit=100000", "clave.rate-limit.recovery-account.limit=100000",
		"clave.rate-limit.mail-source.limit=100000", "clave.rate-limit.mail-account.limit=100000",
		"clave.rate-limit.unlock-source.limit=100000", "clave.rate-limit.unlock-account.limit=100000",
		"clave.unlock.answer-time=PT0.15S" })
class FraudReportIntegrationTest extends OwnerFlowTest {

	static final String VERIFIED = "Se verificaron sus datos de contacto en el IESS";
	static final String REPORTED = "Recibimos su aviso «No fui yo»: su cuenta del IESS está suspendida";
	static final String RECOVERY = "Genere su nueva clave del IESS";

	final WebClient thief = Pages.browser();

	@AfterEach
	void closeThief() {
		thief.close();
	}

	/** The "No fui yo" link of the counter's verification notice, which every verified person gets. */
	String noticeLink(String cedula) {
		MimeMessage notice = SMTP.awaitSubject(email(cedula), VERIFIED, Duration.ofSeconds(10));
		List<String> links = TestMailServer.fraudLinks(notice).stream().distinct().toList();
		assertThat(links).hasSize(1).allSatisfy(link -> assertThat(link).startsWith("https://clave.iess.test/no-fui-yo?token="));
		return api.base() + "/no-fui-yo?token=" + TestMailServer.token(links.get(0));
	}

	int fraudReports(String cedula) {
		return jdbc.sql("select count(*) from audit_events where account = ? and type = 'FRAUD_REPORTED'").param(cedula)
			.query(Integer.class).single();
	}

	@Test
	void theNoticeLinkWithoutLoginFreezesTheAccountAndEndsEverySessionTokenAndLink() {
		String cedula = verifiedPerson(api, agent);
		String link = noticeLink(cedula);
		String token = bearer(cedula);
		webLogin(thief, cedula);
		assertThat(recovery(api, cedula, "1958-04-21", "V4343V4242").statusCode()).isEqualTo(202);
		String recoveryToken = TestMailServer.token(
				TestMailServer.links(SMTP.awaitSubject(email(cedula), RECOVERY, Duration.ofSeconds(10))).get(0));

		HtmlPage confirm = Pages.open(browser, link);

		// Opening the link (a GET, or a mail scanner) changes nothing.
		assertThat(confirm.getUrl().getPath()).isEqualTo("/no-fui-yo/confirmar");
		assertThat(confirm.asNormalizedText()).contains("No fui yo", "cédula terminada en " + cedula.substring(7),
				"nadie podrá ingresar con su clave", "Centro de Atención Universal");
		assertThat(api.status(agent, cedula)).isEqualTo("ACTIVA");
		assertThat(fraudReports(cedula)).isZero();
		assertThat(api.get("/api/v1/me", token).statusCode()).isEqualTo(200);

		HtmlPage done = press(confirm, "Suspender mi cuenta");

		assertThat(done.getUrl().getPath()).isEqualTo("/no-fui-yo/suspendida");
		assertThat(done.asNormalizedText()).contains("Su cuenta está suspendida", "acérquese con su cédula");
		assertThat(api.status(agent, cedula)).isEqualTo("SUSPENDIDA");
		assertThat(fraudReports(cedula)).isEqualTo(1);
		assertThat(api.get("/api/v1/me", token).statusCode()).isEqualTo(401);
		assertThat(Pages.open(thief, api.base() + "/servicios").getUrl().getPath()).isEqualTo("/ingresar");
		assertThat(reset(api, recoveryToken, "otra clave larga para el ladrón 77").statusCode()).isEqualTo(410);
		assertThat(api.login(cedula, GOOD_CLAVE).statusCode()).isEqualTo(401);
		MimeMessage told = SMTP.awaitSubject(email(cedula), REPORTED, Duration.ofSeconds(10));
		assertThat(TestMailServer.body(told)).contains("acérquese", "con su cédula", "Centro de Atención Universal");
		assertThat(TestMailServer.fraudLinks(told)).isEmpty();

		// Once: the same link again is refused with the Spanish link page.
		try (WebClient again = Pages.browser()) {
			HtmlPage refused = Pages.open(again, link);
			assertThat(refused.asNormalizedText()).contains("no es válido o ya fue usado");
		}
		assertThat(fraudReports(cedula)).isEqualTo(1);
	}

	@Test
	void theLinkOutlivesAClaveChangedByAThiefButNotItsTime() {
		String cedula = verifiedPerson(api, agent);
		String link = noticeLink(cedula);
		HttpResponse<String> changed = api.post("/api/v1/password/change", "{\"username\":\"" + cedula
				+ "\",\"currentPassword\":" + quote(GOOD_CLAVE) + ",\"newPassword\":" + quote("la clave nueva del ladrón 2026")
				+ ",\"acceptAgreement\":true}", null);
		assertThat(changed.statusCode()).isEqualTo(204);

		// The clave change voided every other link, not this one.
		assertThat(Pages.open(browser, link).getUrl().getPath()).isEqualTo("/no-fui-yo/confirmar");

		clock.advance(Duration.ofDays(30).plusMinutes(1));
		try (WebClient late = Pages.browser()) {
			HtmlPage expired = Pages.open(late, link);
			assertThat(expired.asNormalizedText()).contains("El enlace «No fui yo» venció");
		}
		assertThat(api.post("/api/v1/fraud-report", "{\"token\":" + quote(TestMailServer.token(link)) + "}", null).statusCode())
			.isEqualTo(410);
		// A month later the agent's session is long over: a new one looks.
		assertThat(api.status(api.agent(), cedula)).isEqualTo("ACTIVA");
	}

	@Test
	void theApiTakesTheNoticeTokenOnceAndTheSignedInOwnerWithoutOne() {
		String cedula = verifiedPerson(api, agent);
		String token = TestMailServer.token(noticeLink(cedula));
		String bearer = bearer(cedula);

		assertThat(api.post("/api/v1/fraud-report", "{\"token\":" + quote(token) + "}", null).statusCode()).isEqualTo(204);
		assertThat(api.status(agent, cedula)).isEqualTo("SUSPENDIDA");
		assertThat(api.get("/api/v1/me", bearer).statusCode()).isEqualTo(401);
		HttpResponse<String> again = api.post("/api/v1/fraud-report", "{\"token\":" + quote(token) + "}", null);
		assertThat(again.statusCode()).isEqualTo(410);
		assertThat(json(again).get("code").asString()).isEqualTo("TOKEN_INVALID");

		String other = verifiedPerson(api, agent);
		String otherBearer = bearer(other);
		String otherSecond = bearer(other);
		assertThat(api.post("/api/v1/me/fraud-report", null, otherBearer).statusCode()).isEqualTo(204);
		assertThat(api.status(agent, other)).isEqualTo("SUSPENDIDA");
		assertThat(api.get("/api/v1/me", otherSecond).statusCode()).isEqualTo(401);
		assertThat(fraudReports(other)).isEqualTo(1);
		assertThat(api.post("/api/v1/me/fraud-report", null, null).statusCode()).isEqualTo(401);
		SMTP.awaitSubject(email(other), REPORTED, Duration.ofSeconds(10));
	}
}
