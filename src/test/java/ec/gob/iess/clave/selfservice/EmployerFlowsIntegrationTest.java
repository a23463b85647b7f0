package ec.gob.iess.clave.selfservice;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import ec.gob.iess.clave.identity.Ruc;
import ec.gob.iess.clave.identity.RucType;
import ec.gob.iess.clave.mail.MailKind;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.support.TestMailServer;
import ec.gob.iess.clave.support.TestRucs;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static ec.gob.iess.clave.support.TestFixtures.json;
import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Empleadores section end to end, for a person's RUC, a company's and a public entity's (PRODUCT.md §2,
 * §3, §4; issue 9 point 5): Generar/recuperar clave with the legal representative's data, Ingresar to the
 * employer's services, Cambio de clave and Desbloqueo de clave, each through the pages as a person drives
 * them, and recovery through the API too. Eligibility is the representative's contact verified in person;
 * every link and notice goes to the employer's registered email, never to the representative's.
 */
@ClaveIntegrationTest
@TestPropertySource(properties = { "clave.captcha.max-number=2000", "clave.recovery.answer-time=PT0S",
		"clave.unlock.answer-time=PT0S", "clave.rate-limit.recovery-source.limit=100000",
		"clave.rate-limit.recovery-account.limit=100000", "clave.rate-limit.mail-source.limit=100000",
		"clave.rate-limit.mail-account.limit=100000", "clave.rate-limit.unlock-source.limit=100000",
		"clave.rate-limit.unlock-account.limit=100000" })
class EmployerFlowsIntegrationTest extends SelfServicePageTest {

	static final Duration MAIL = Duration.ofSeconds(10);
	static final String FIRST_CLAVE = "la nómina se paga el quince de cada mes";
	static final String SECOND_CLAVE = "los aportes patronales llegan puntuales";

	/** An employer whose legal representative's contact was verified in person, and the two addresses. */
	record Employer(String ruc, String email, String representativeEmail) {
	}

	Employer employer(RucType type) {
		String ruc = TestRucs.next(type);
		assertThat(Ruc.parse(ruc).type()).isEqualTo(type);
		String representative = SelfServiceTestSupport.verifiedPerson(api, agent);
		String email = "rrhh." + ruc + "@empresa.example.ec";
		HttpResponse<String> registered = api.put("/api/v1/staff/employers/" + ruc, "{\"legalName\":"
				+ quote("Empleador " + type.name().toLowerCase() + " de prueba") + ",\"representativeCedula\":"
				+ quote(representative) + ",\"email\":" + quote(email) + "}", agent);
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		return new Employer(ruc, email, SelfServiceTestSupport.email(representative));
	}

	@ParameterizedTest
	@EnumSource(RucType.class)
	void generarIngresarCambioAndDesbloqueoThroughThePagesWithMailToTheEmployersEmail(RucType type) {
		Employer employer = employer(type);
		assertThat(notice(employer, "Se registró su empresa como empleador en el IESS")).contains(
				"RUC terminado en " + employer.ruc().substring(7), "CAU Quito Norte");

		// Generar/recuperar clave: the RUC, then the legal representative's data printed on their cédula.
		HtmlPage start = open("/recuperar?tipo=empleador");
		Pages.fill(start, "RUC", employer.ruc());
		solveCaptcha(start);
		HtmlPage identity = Pages.press(start, "Buscar");
		assertThat(identity.asNormalizedText()).contains("RUC: " + employer.ruc(), "representante legal");
		Pages.fill(identity, "Fecha de nacimiento", "21/04/1958");
		Pages.fill(identity, "Código dactilar", "V4343V4242");
		HtmlPage sent = Pages.press(identity, "Continuar");
		assertThat(sent.asNormalizedText()).contains("Le enviamos un enlace a r***" + employer.ruc().charAt(12)
				+ "@e***.ec");
		HtmlPage newClave = openLink(browser, link(employer, "Genere su nueva clave del IESS"));
		assertThat(newClave.asNormalizedText()).contains("RUC terminado en " + employer.ruc().substring(7));
		chooseNewClave(newClave, FIRST_CLAVE);
		HtmlPage afterRecovery = Pages.press(newClave, "Generar clave");
		assertThat(afterRecovery.getUrl().toString()).endsWith("/ingresar?tipo=empleador&generada");
		assertThat(notice(employer, "Se registró una nueva clave del IESS")).contains("RUC terminado en");

		// Ingresar: the employer's services, and only those.
		HtmlPage menu = login(browser, afterRecovery, employer.ruc(), FIRST_CLAVE);
		assertThat(menu.getUrl().getPath()).isEqualTo("/servicios");
		assertThat(menu.asNormalizedText()).contains("RUC " + employer.ruc(), "Avisos de entrada y salida", "Planillas")
			.doesNotContain("Historia laboral", "Préstamos quirografarios", "Cesantía");

		// Cambio de clave, from the employer's page.
		try (WebClient other = Pages.browser()) {
			HtmlPage change = Pages.open(other, api.base() + "/cambio-clave?tipo=empleador");
			Pages.fill(change, "RUC", employer.ruc());
			Pages.fill(change, "Clave actual", FIRST_CLAVE);
			chooseNewClave(change, SECOND_CLAVE);
			HtmlPage changed = Pages.press(change, "Cambiar clave");
			assertThat(changed.getUrl().toString()).contains("/ingresar?tipo=empleador");
			assertThat(login(other, changed, employer.ruc(), SECOND_CLAVE).getUrl().getPath()).isEqualTo("/servicios");
		}
		assertThat(notice(employer, "Su clave del IESS fue cambiada")).contains("RUC terminado en");

		// Desbloqueo de clave: five wrong claves lock the RUC; the link goes to the employer's email.
		for (int i = 1; i <= 5; i++) {
			assertThat(api.login(employer.ruc(), "una clave equivocada número " + i).statusCode()).isEqualTo(401);
		}
		assertThat(notice(employer, "Su clave del IESS fue bloqueada")).contains("/desbloqueo?tipo=empleador");
		try (WebClient other = Pages.browser()) {
			HtmlPage unlock = Pages.open(other, api.base() + "/desbloqueo?tipo=empleador");
			Pages.fill(unlock, "RUC", employer.ruc());
			((HtmlInput) unlock.getElementsByName("captcha").get(0)).setValue(
					ec.gob.iess.clave.support.CaptchaSolver.solve(api));
			assertThat(Pages.press(unlock, "Desbloquear").asNormalizedText())
				.contains("Si la cuenta del RUC está bloqueada y tiene datos verificados");
			HtmlPage confirm = openLink(other, link(employer, "Desbloqueo de su clave del IESS"));
			assertThat(confirm.asNormalizedText()).contains("RUC terminado en " + employer.ruc().substring(7));
			HtmlPage unlocked = Pages.press(confirm, "Confirmar desbloqueo");
			assertThat(unlocked.asNormalizedText()).contains("Su clave fue desbloqueada");
			HtmlPage login = Pages.press(unlocked, "Ingresar");
			assertThat(((HtmlInput) Pages.field(login, "RUC")).getValue()).isEqualTo(employer.ruc());
			HtmlPage services = login(other, login, employer.ruc(), SECOND_CLAVE);
			assertThat(services.getUrl().getPath()).isEqualTo("/servicios");
			// Mi seguridad, for the employer too: the failures, the lock and the unlock just seen.
			assertThat(Pages.follow(services, "Mi seguridad").asNormalizedText()).contains("Ingreso fallido",
					"Clave bloqueada", "Clave desbloqueada", "Clave cambiada");
		}
		assertThat(notice(employer, "Su clave del IESS fue desbloqueada")).contains("RUC terminado en");

		// Nothing of the employer's ever reached the representative's own address: only the notice of their
		// own verification at the counter.
		assertThat(SMTP.subjects(employer.representativeEmail())).containsExactly(MailKind.CONTACT_VERIFIED.subject());
	}

	@ParameterizedTest
	@EnumSource(RucType.class)
	void recoveryThroughTheApiSendsTheLinkToTheEmployersEmail(RucType type) {
		Employer employer = employer(type);

		HttpResponse<String> asked = SelfServiceTestSupport.recovery(api, employer.ruc(), "1958-04-21", "V4343V4242");

		assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
		assertThat(json(asked).get("maskedEmail").asString()).isEqualTo("r***" + employer.ruc().charAt(12) + "@e***.ec");
		String token = TestMailServer.token(link(employer, "Genere su nueva clave del IESS"));
		HttpResponse<String> reset = SelfServiceTestSupport.reset(api, token, FIRST_CLAVE);
		assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);
		assertThat(api.login(employer.ruc(), FIRST_CLAVE).statusCode()).isEqualTo(200);
		assertThat(SMTP.subjects(employer.representativeEmail())).containsExactly(MailKind.CONTACT_VERIFIED.subject());
	}

	@ParameterizedTest
	@EnumSource(RucType.class)
	void withoutTheRepresentativesVerifiedContactThereIsNoOnlineRecoveryOrUnlock(RucType type) {
		String ruc = TestRucs.next(type);
		String representative = api.registerPerson(agent);
		String email = "sin-verificar." + ruc + "@empresa.example.ec";
		assertThat(api.put("/api/v1/staff/employers/" + ruc, "{\"legalName\":\"Sin Verificar S.A.\","
				+ "\"representativeCedula\":" + quote(representative) + ",\"email\":" + quote(email) + "}", agent)
			.statusCode()).isEqualTo(201);

		HttpResponse<String> asked = SelfServiceTestSupport.recovery(api, ruc, "1958-04-21", "V4343V4242");
		assertThat(asked.statusCode()).isEqualTo(422);
		assertThat(json(asked).get("code").asString()).isEqualTo("IDENTITY_NOT_CONFIRMED");
		assertThat(SelfServiceTestSupport.unlock(api, ruc).statusCode()).isEqualTo(202);

		sleep(Duration.ofMillis(1500));
		assertThat(SMTP.to(email)).as("no link and no notice before the representative's visit").isEmpty();
	}

	// --- helpers --------------------------------------------------------------------------------------

	/** The emailed link is built on {@code clave.base-url}; the test server answers it at its own address. */
	HtmlPage openLink(WebClient client, String link) {
		assertThat(link).startsWith(TestFixtures.SITE + "/");
		return Pages.open(client, api.base() + link.substring(TestFixtures.SITE.length()));
	}

	HtmlPage login(WebClient client, HtmlPage page, String ruc, String clave) {
		HtmlPage form = page.getUrl().getPath().equals("/ingresar") ? page
				: Pages.open(client, api.base() + "/ingresar?tipo=empleador");
		Pages.fill(form, "RUC", ruc);
		Pages.fill(form, "Clave", clave);
		return Pages.press(form, "Ingresar");
	}

	static void chooseNewClave(HtmlPage page, String clave) {
		Pages.fill(page, "Nueva clave", clave);
		Pages.fill(page, "Confirmar nueva clave", clave);
		Pages.check(page, "He leído y acepto el acuerdo de uso de clave");
	}

	/** The newest message with this subject to the employer's email (waited for), its body. */
	static String notice(Employer employer, String subject) {
		return TestMailServer.body(newest(employer.email(), subject));
	}

	/** The one-time link of the newest message with this subject to the employer's email. */
	static String link(Employer employer, String subject) {
		List<String> links = TestMailServer.links(newest(employer.email(), subject));
		assertThat(links).hasSize(2); // text and HTML parts carry the same link
		return links.get(0);
	}

	static MimeMessage newest(String to, String subject) {
		return SMTP.awaitSubject(to, subject, MAIL);
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
