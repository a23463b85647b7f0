package ec.gob.iess.clave.selfservice;

import java.net.http.HttpResponse;
import java.time.Duration;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.support.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.email;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.recovery;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.reset;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.verifiedPerson;
import static ec.gob.iess.clave.support.Pages.fill;
import static ec.gob.iess.clave.support.Pages.press;
import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actualizar datos (PRODUCT.md §4.7, SECURITY.md 26): the clave again (a wrong one counts toward the
 * lockout), a link to the new email, a notice with "No fui yo" to the old one; recovery keeps the contact
 * verified in person until the cooling-off has passed, or a counter verified the new one in person.
 */
@ClaveIntegrationTest
// The same settings as RecoveryFlowIntegrationTest's, so the flows share one application context.
@TestPropertySource(properties = { "clave.captcha.max-number=2000", "clave.recovery.answer-time=PT0.15S",
		"clave.rate-limit.recovery-source.limit=100000", "clave.rate-limit.recovery-account.limit=100000",
		"clave.rate-limit.mail-source.limit=100000", "clave.rate-limit.mail-account.limit=100000",
		"clave.rate-limit.unlock-source.limit=100000", "clave.rate-limit.unlock-account.limit=100000",
		"clave.unlock.answer-time=PT0.15S" })
class ContactChangeIntegrationTest extends OwnerFlowTest {

	static final String CONFIRM = "Confirme su nuevo correo para el IESS";
	static final String REQUESTED = "Se pidió cambiar sus datos de contacto del IESS";
	static final String RECOVERY = "Genere su nueva clave del IESS";

	static String newEmail(String cedula) {
		return "nuevo" + cedula + "@otro.example.ec";
	}

	HttpResponse<String> change(String bearer, String clave, String email) {
		return api.post("/api/v1/me/contact", "{\"password\":" + quote(clave) + ",\"email\":" + quote(email)
				+ ",\"mobile\":\"0987654321\"}", bearer);
	}

	/** Asks for the change and answers the confirmation link's token, from the mail to the new address. */
	String requestChange(String cedula) {
		HttpResponse<String> answer = change(bearer(cedula), GOOD_CLAVE, newEmail(cedula));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		MimeMessage link = SMTP.awaitSubject(newEmail(cedula), CONFIRM, Duration.ofSeconds(10));
		assertThat(TestMailServer.links(link).stream().distinct().toList()).hasSize(1)
			.allSatisfy(l -> assertThat(l).startsWith("https://clave.iess.test/datos/enlace?token="));
		return TestMailServer.token(TestMailServer.links(link).get(0));
	}

	HttpResponse<String> confirm(String token) {
		return api.post("/api/v1/contact/confirm", "{\"token\":" + quote(token) + "}", null);
	}

	long recoveryMails(String address) {
		return SMTP.to(address).stream().filter(m -> TestMailServer.subject(m).equals(RECOVERY)).count();
	}

	/** Asks for a recovery link and answers the address it went to, waiting for it at either one. */
	String whereRecoveryGoes(String cedula) {
		long before = recoveryMails(email(cedula)) + recoveryMails(newEmail(cedula));
		assertThat(recovery(api, cedula, "1958-04-21", "V4343V4242").statusCode()).isEqualTo(202);
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			if (recoveryMails(email(cedula)) + recoveryMails(newEmail(cedula)) > before) {
				return recoveryMails(newEmail(cedula)) > 0 ? newEmail(cedula) : email(cedula);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		throw new AssertionError("no recovery link arrived");
	}

	@Test
	void aWrongClaveCountsTowardTheLockoutAndChangesNothing() {
		String cedula = verifiedPerson(api, agent);
		String bearer = bearer(cedula);

		for (int i = 0; i < 4; i++) {
			HttpResponse<String> refused = change(bearer, "no es mi clave de verdad", newEmail(cedula));
			assertThat(refused.statusCode()).isEqualTo(401);
			assertThat(json(refused).get("code").asString()).isEqualTo("INVALID_CREDENTIALS");
		}
		assertThat(api.status(agent, cedula)).isEqualTo("ACTIVA");
		change(bearer, "no es mi clave de verdad", newEmail(cedula));

		assertThat(api.status(agent, cedula)).isEqualTo("BLOQUEADA");
		assertThat(jdbc.sql("select count(*) from audit_events where account = ? and type = 'CONTACT_CHANGED' and outcome = 'FAILURE'")
			.param(cedula).query(Integer.class).single()).isEqualTo(5);
		assertThat(jdbc.sql("select count(*) from contact_changes where cedula = ?").param(cedula).query(Integer.class).single())
			.isZero();
		assertThat(SMTP.to(newEmail(cedula))).isEmpty();
	}

	@Test
	void theConfirmationLinkWorksOnceBeforeItExpiresAndForNothingElse() {
		String cedula = verifiedPerson(api, agent);
		String token = requestChange(cedula);
		MimeMessage notice = SMTP.awaitSubject(email(cedula), REQUESTED, Duration.ofSeconds(10));
		assertThat(TestMailServer.body(notice)).contains("n***").doesNotContain(newEmail(cedula));
		assertThat(TestMailServer.fraudLinks(notice)).isNotEmpty();
		assertThat(TestMailServer.links(notice)).isEmpty();

		// Purpose: a contact link is no recovery link, and the contact page takes no recovery link.
		assertThat(reset(api, token, "una clave nueva bastante larga 9").statusCode()).isEqualTo(410);
		HtmlPage recoveryPage = Pages.open(browser, api.base() + "/recuperar/enlace?token=" + token);
		assertThat(recoveryPage.asNormalizedText()).contains("no es válido o ya fue usado");
		assertThat(recovery(api, cedula, "1958-04-21", "V4343V4242").statusCode()).isEqualTo(202);
		String recoveryToken = TestMailServer.token(
				TestMailServer.links(SMTP.awaitSubject(email(cedula), RECOVERY, Duration.ofSeconds(10))).get(0));
		assertThat(confirm(recoveryToken).statusCode()).isEqualTo(410);

		assertThat(confirm(token).statusCode()).isEqualTo(204);
		assertThat(confirm(token).statusCode()).isEqualTo(410);

		String late = requestChange(verifiedPerson(api, agent));
		clock.advance(Duration.ofMinutes(61));
		HttpResponse<String> expired = confirm(late);
		assertThat(expired.statusCode()).isEqualTo(410);
		assertThat(json(expired).get("code").asString()).isEqualTo("TOKEN_INVALID");
	}

	@Test
	void recoveryKeepsTheAddressVerifiedInPersonUntilTheCoolingOffHasPassed() {
		String cedula = verifiedPerson(api, agent);
		assertThat(confirm(requestChange(cedula)).statusCode()).isEqualTo(204);

		assertThat(whereRecoveryGoes(cedula)).isEqualTo(email(cedula));
		clock.advance(Duration.ofHours(71));
		assertThat(whereRecoveryGoes(cedula)).isEqualTo(email(cedula));

		clock.advance(Duration.ofHours(1).plusMinutes(1));
		assertThat(whereRecoveryGoes(cedula)).isEqualTo(newEmail(cedula));
	}

	@Test
	void aReportDuringTheCoolingOffKeepsTheNewContactFromEverCounting() {
		String cedula = verifiedPerson(api, agent);
		assertThat(confirm(requestChange(cedula)).statusCode()).isEqualTo(204);
		String fraudLink = TestMailServer.fraudLinks(SMTP.awaitSubject(email(cedula), REQUESTED, Duration.ofSeconds(10))).get(0);

		assertThat(api.post("/api/v1/fraud-report", "{\"token\":" + quote(TestMailServer.token(fraudLink)) + "}", null)
			.statusCode()).isEqualTo(204);

		assertThat(jdbc.sql("select count(*) from contact_changes where cedula = ?").param(cedula).query(Integer.class).single())
			.isZero();
	}

	@Test
	void aVerificationInPersonDuringTheCoolingOffCountsAtOnce() {
		String cedula = verifiedPerson(api, agent);
		assertThat(confirm(requestChange(cedula)).statusCode()).isEqualTo(204);
		assertThat(whereRecoveryGoes(cedula)).isEqualTo(email(cedula));

		api.verifyContact(agent, cedula, newEmail(cedula));

		assertThat(whereRecoveryGoes(cedula)).isEqualTo(newEmail(cedula));
	}

	@Test
	void aVerificationInPersonOfTheOldContactEndsTheChangeForGood() {
		String cedula = verifiedPerson(api, agent);
		assertThat(confirm(requestChange(cedula)).statusCode()).isEqualTo(204);

		api.verifyContact(agent, cedula, email(cedula));
		clock.advance(Duration.ofHours(73));

		assertThat(whereRecoveryGoes(cedula)).isEqualTo(email(cedula));
	}

	@Test
	void thePagesFromTheServicesMenuToTheConfirmation() {
		String cedula = verifiedPerson(api, agent);
		HtmlPage login = Pages.open(browser, api.base() + "/ingresar");
		fill(login, "Número de cédula", cedula);
		fill(login, "Clave", GOOD_CLAVE);
		HtmlPage form = Pages.follow(press(login, "Ingresar"), "Actualizar datos de contacto");

		fill(form, "Nuevo correo electrónico", "esto no es un correo");
		fill(form, "Nuevo teléfono celular", "0987654321");
		fill(form, "Su clave", GOOD_CLAVE);
		HtmlPage refused = press(form, "Enviar enlace de confirmación");
		assertThat(refused.asNormalizedText()).contains("Escriba un correo electrónico válido");

		fill(refused, "Nuevo correo electrónico", newEmail(cedula));
		fill(refused, "Su clave", GOOD_CLAVE);
		HtmlPage sent = press(refused, "Enviar enlace de confirmación");
		assertThat(sent.asNormalizedText()).contains("Le enviamos un enlace a n***");

		String link = TestMailServer.links(SMTP.awaitSubject(newEmail(cedula), CONFIRM, Duration.ofSeconds(10))).get(0);
		try (WebClient phone = Pages.browser()) {
			HtmlPage confirmPage = Pages.open(phone, link.replace(TestFixtures.SITE, api.base()));
			assertThat(confirmPage.getUrl().getPath()).isEqualTo("/datos/confirmar");
			assertThat(jdbc.sql("select count(*) from contact_changes where cedula = ? and confirmed_at is null").param(cedula)
				.query(Integer.class).single()).isEqualTo(1);
			HtmlPage confirmed = press(confirmPage, "Confirmar mi nuevo correo");
			assertThat(confirmed.asNormalizedText()).contains("Su nuevo correo quedó confirmado", "72 horas");
		}
		assertThat(jdbc.sql("select count(*) from contact_changes where cedula = ? and confirmed_at is not null").param(cedula)
			.query(Integer.class).single()).isEqualTo(1);
	}
}
