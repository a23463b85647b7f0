package ec.gob.iess.clave.selfservice;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import ec.gob.iess.clave.mail.MailKind;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MailServerTest;
import ec.gob.iess.clave.support.MutableClock;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.support.TestMailServer;
import ec.gob.iess.clave.token.LinkPurpose;
import ec.gob.iess.clave.token.OneTimeLinks;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.confirmUnlock;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.email;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.lock;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.unlock;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.verifiedPerson;
import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Desbloqueo de clave end to end, with a real SMTP server (PRODUCT.md §4.4; SECURITY.md 9–12). */
@ClaveIntegrationTest
// The same settings as RecoveryFlowIntegrationTest's, so the flows share one application context.
@TestPropertySource(properties = { "clave.captcha.max-number=2000", "clave.recovery.answer-time=PT0.15S",
		"clave.rate-limit.recovery-source.limit=100000", "clave.rate-limit.recovery-account.limit=100000",
		"clave.rate-limit.mail-source.limit=100000", "clave.rate-limit.mail-account.limit=100000",
		"clave.rate-limit.unlock-source.limit=100000", "clave.rate-limit.unlock-account.limit=100000",
		"clave.unlock.answer-time=PT0.15S" })
class UnlockFlowIntegrationTest extends MailServerTest {

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

	@Autowired
	OneTimeLinks links;

	WebClient browser = Pages.browser();

	@AfterEach
	void resetClock() {
		clock.reset();
		browser.close();
	}

	HtmlPage open(String path) {
		return Pages.open(browser, api.base() + path);
	}

	String lockedPersonsLink() {
		String cedula = verifiedPerson(api, agent);
		lock(api, cedula);
		assertThat(unlock(api, cedula).statusCode()).isEqualTo(202);
		MimeMessage link = SMTP.awaitWithLinks(email(cedula), 1, Duration.ofSeconds(5)).get(0);
		return cedula + " " + TestMailServer.token(TestMailServer.links(link).get(0));
	}

	@Test
	void aLockedPersonGetsAThreeMinuteLinkAndConfirmingItUnlocks() {
		String cedula = verifiedPerson(api, agent);
		lock(api, cedula);

		HttpResponse<String> answer = unlock(api, cedula);

		assertThat(answer.statusCode()).isEqualTo(202);
		assertThat(json(answer).get("message").asString()).isEqualTo(
				"Si su cuenta está bloqueada y tiene datos verificados, recibirá un correo con un enlace válido por 3 minutos.");
		MimeMessage linkMail = SMTP.awaitWithLinks(email(cedula), 1, Duration.ofSeconds(5)).get(0);
		assertThat(TestMailServer.links(linkMail).stream().distinct().toList()).hasSize(1)
			.allSatisfy(link -> assertThat(link).startsWith("https://clave.iess.test/desbloqueo/enlace?token="));
		assertThat(TestMailServer.body(linkMail)).contains("3 minutos");

		assertThat(confirmUnlock(api, TestMailServer.token(TestMailServer.links(linkMail).get(0))).statusCode())
			.isEqualTo(204);

		assertThat(api.status(agent, cedula)).isEqualTo("ACTIVA");
		assertThat(api.login(cedula, GOOD_CLAVE).statusCode()).isEqualTo(200);
	}

	@Test
	void theAnswerIsByteIdenticalInEveryCaseAndOnlyALockedVerifiedAccountGetsMail() {
		String locked = verifiedPerson(api, agent);
		lock(api, locked);
		String notLocked = verifiedPerson(api, agent);
		String lockedWithoutContact = api.activePerson(agent);
		lock(api, lockedWithoutContact);

		List<HttpResponse<String>> answers = List.of(unlock(api, locked), unlock(api, notLocked),
				unlock(api, lockedWithoutContact), unlock(api, TestCedulas.next()));

		for (HttpResponse<String> answer : answers) {
			assertThat(answer.statusCode()).isEqualTo(202);
			assertThat(answer.body()).isEqualTo(answers.get(0).body());
			assertThat(LoginHeaders.withoutDate(answer)).isEqualTo(LoginHeaders.withoutDate(answers.get(0)));
		}
		SMTP.awaitWithLinks(email(locked), 1, Duration.ofSeconds(5));
		SMTP.awaitSubject(email(notLocked), MailKind.CONTACT_VERIFIED.subject(), Duration.ofSeconds(5));
		assertThat(SMTP.subjects(email(notLocked))).as("nothing but the notice of the counter's verification")
			.containsExactly(MailKind.CONTACT_VERIFIED.subject());
	}

	@Test
	void theLinkWorksAtTwoFiftyAndIsRefusedAtThreeTen() {
		String[] early = lockedPersonsLink().split(" ");
		String[] late = lockedPersonsLink().split(" ");

		clock.advance(Duration.ofSeconds(170));
		assertThat(confirmUnlock(api, early[1]).statusCode()).isEqualTo(204);

		clock.advance(Duration.ofSeconds(20));
		HttpResponse<String> refused = confirmUnlock(api, late[1]);
		assertThat(refused.statusCode()).isEqualTo(410);
		assertThat(json(refused).get("code").asString()).isEqualTo("TOKEN_INVALID");
		assertThat(api.status(agent, late[0])).isEqualTo("BLOQUEADA");
	}

	@Test
	void aLinkWorksOnceAndANewerOneVoidsTheOlder() {
		String cedula = verifiedPerson(api, agent);
		lock(api, cedula);
		unlock(api, cedula);
		unlock(api, cedula);
		List<String> tokens = SMTP.awaitWithLinks(email(cedula), 2, Duration.ofSeconds(5)).stream()
			.map(m -> TestMailServer.token(TestMailServer.links(m).get(0))).toList();

		assertThat(confirmUnlock(api, tokens.get(0)).statusCode()).isEqualTo(410);
		assertThat(confirmUnlock(api, tokens.get(1)).statusCode()).isEqualTo(204);
		assertThat(confirmUnlock(api, tokens.get(1)).statusCode()).isEqualTo(410);
	}

	/** The person's way: the link opened just in time, then the confirmation page read slowly. */
	@Test
	void aLinkOpenedAtTwoFiftyNineCanBeConfirmedNineMinutesLater() {
		String[] link = lockedPersonsLink().split(" ");
		clock.advance(Duration.ofSeconds(179));
		HtmlPage confirm = open("/desbloqueo/enlace?token=" + link[1]);
		assertThat(confirm.getUrl().getPath()).isEqualTo("/desbloqueo/confirmar");

		clock.advance(Duration.ofMinutes(9));
		assertThat(open("/desbloqueo/confirmar").asNormalizedText()).as("the page still opens")
			.contains("Confirmar desbloqueo");
		HtmlPage done = Pages.press(confirm, "Confirmar desbloqueo");

		assertThat(done.getUrl().getPath()).isEqualTo("/desbloqueo/desbloqueada");
		assertThat(done.asNormalizedText()).contains("Su clave fue desbloqueada. Ya puede ingresar con ella.");
		assertThat(api.status(agent, link[0])).isEqualTo("ACTIVA");
	}

	@Test
	void aLinkOpenedAfterItsThreeMinutesIsExpired() {
		String[] link = lockedPersonsLink().split(" ");
		clock.advance(Duration.ofSeconds(181));

		HtmlPage expired = open("/desbloqueo/enlace?token=" + link[1]);

		assertThat(expired.asNormalizedText()).contains("El enlace expiró. Solicite uno nuevo.")
			.doesNotContain("Confirmar desbloqueo");
		assertThat(expired.getAnchorByText("Solicitar un nuevo enlace").getHrefAttribute()).isEqualTo("/desbloqueo");
		assertThat(api.status(agent, link[0])).isEqualTo("BLOQUEADA");
	}

	@Test
	void theConfirmationIsRefusedAsExpiredOnceTheWindowAfterTheOpeningIsOver() {
		String[] link = lockedPersonsLink().split(" ");
		HtmlPage confirm = open("/desbloqueo/enlace?token=" + link[1]);
		clock.advance(Duration.ofMinutes(10).plusSeconds(1));

		HtmlPage refused = Pages.press(confirm, "Confirmar desbloqueo");

		assertThat(refused.asNormalizedText()).contains("El enlace expiró. Solicite uno nuevo.");
		assertThat(refused.getAnchorByText("Solicitar un nuevo enlace").getHrefAttribute()).isEqualTo("/desbloqueo");
		assertThat(api.status(agent, link[0])).isEqualTo("BLOQUEADA");
		assertThat(open("/desbloqueo/confirmar").getUrl().getPath()).as("the browser holds the link no more")
			.isEqualTo("/desbloqueo");
	}

	@Test
	void theConfirmationPageShowsTheWindowAfterTheOpeningAsExpiredToo() {
		String[] link = lockedPersonsLink().split(" ");
		open("/desbloqueo/enlace?token=" + link[1]);
		clock.advance(Duration.ofMinutes(10).plusSeconds(1));

		assertThat(open("/desbloqueo/confirmar").asNormalizedText()).contains("El enlace expiró. Solicite uno nuevo.");
	}

	@Test
	void aNewerLinkVoidsTheOpenedOneEvenWithinItsWindow() {
		String[] link = lockedPersonsLink().split(" ");
		HtmlPage confirm = open("/desbloqueo/enlace?token=" + link[1]);
		clock.advance(Duration.ofMinutes(4));
		assertThat(unlock(api, link[0]).statusCode()).isEqualTo(202);

		HtmlPage refused = Pages.press(confirm, "Confirmar desbloqueo");

		assertThat(refused.asNormalizedText()).contains("El enlace no es válido o ya fue usado.");
		assertThat(api.status(agent, link[0])).isEqualTo("BLOQUEADA");
	}

	@Test
	void theApiKeepsTheLinksOwnThreeMinutesEvenWhenABrowserOpenedIt() {
		String[] link = lockedPersonsLink().split(" ");
		open("/desbloqueo/enlace?token=" + link[1]);
		clock.advance(Duration.ofSeconds(190));

		HttpResponse<String> refused = confirmUnlock(api, link[1]);

		assertThat(refused.statusCode()).isEqualTo(410);
		assertThat(json(refused).get("code").asString()).isEqualTo("TOKEN_INVALID");
		assertThat(api.status(agent, link[0])).isEqualTo("BLOQUEADA");
	}

	@Test
	void theConfirmationPageNamesTheAccountByItsEndingAndSaysUntilWhen() {
		String[] link = lockedPersonsLink().split(" ");
		DateTimeFormatter ecuador = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.of("America/Guayaquil"));
		Instant before = clock.instant();

		String page = open("/desbloqueo/enlace?token=" + link[1]).asNormalizedText();

		Instant after = clock.instant();
		assertThat(page).contains("Cuenta: cédula terminada en " + link[0].substring(7)).doesNotContain(link[0]);
		assertThat(page).containsAnyOf("Puede confirmar hasta las " + ecuador.format(before.plus(Duration.ofMinutes(10))),
				"Puede confirmar hasta las " + ecuador.format(after.plus(Duration.ofMinutes(10))));
	}

	@Test
	void afterConfirmingIngresarHasTheNumberFilledInAndSoHasGenerarClave() {
		String[] link = lockedPersonsLink().split(" ");
		HtmlPage done = Pages.press(open("/desbloqueo/enlace?token=" + link[1]), "Confirmar desbloqueo");

		HtmlPage login = Pages.press(done, "Ingresar");

		assertThat(login.getUrl().toString()).endsWith("/ingresar").doesNotContain(link[0]);
		assertThat(((HtmlInput) Pages.field(login, "Número de cédula")).getValue()).isEqualTo(link[0]);
		HtmlPage again = open("/desbloqueo/desbloqueada");
		assertThat(again.getUrl().getPath()).as("the number left the session once used").isEqualTo("/desbloqueo");

		String[] other = lockedPersonsLink().split(" ");
		HtmlPage recovery = Pages.press(Pages.press(open("/desbloqueo/enlace?token=" + other[1]), "Confirmar desbloqueo"),
				"Generar una nueva clave");
		assertThat(recovery.getUrl().toString()).endsWith("/recuperar").doesNotContain(other[0]);
		assertThat(((HtmlInput) Pages.field(recovery, "Número de cédula")).getValue()).isEqualTo(other[0]);
	}

	@Test
	void anEmployerIsNamedByItsRucAndKeepsTheEmployerPages() {
		String representative = api.registerPerson(agent);
		String ruc = TestCedulas.next() + "001";
		assertThat(api.put("/api/v1/staff/employers/" + ruc, "{\"legalName\":\"Comercial Andrade S.A.\",\"representativeCedula\":\""
				+ representative + "\",\"email\":\"andrade@correo.example.ec\"}", agent).statusCode()).isEqualTo(201);
		// An employer's account locks like any other; set here, as the employer has no clave to fail with yet.
		jdbc.sql("update accounts set status = 'BLOQUEADA' where username = ?").param(ruc).update();
		String token = links.issue(ruc, LinkPurpose.UNLOCK, Duration.ofMinutes(3));

		HtmlPage confirm = open("/desbloqueo/enlace?token=" + token);
		assertThat(confirm.asNormalizedText()).contains("Cuenta: RUC terminado en " + ruc.substring(7));
		HtmlPage done = Pages.press(confirm, "Confirmar desbloqueo");
		HtmlPage login = Pages.press(done, "Ingresar");

		assertThat(login.getUrl().toString()).endsWith("/ingresar?tipo=empleador");
		assertThat(((HtmlInput) Pages.field(login, "RUC")).getValue()).isEqualTo(ruc);
	}
}
