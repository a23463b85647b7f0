package ec.gob.iess.clave.counter;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ec.gob.iess.clave.mail.MailKind;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MailServerTest;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.support.TestMailServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The back office's pages (PRODUCT.md §4.8, SECURITY.md 22 and 32): search, the person's page, each action
 * as a form calling the staff API's service — audited with channel COUNTER, agent and centre, and mailed
 * like the API — and the roles, the login and the CSRF token on every page and form. TOTP is not required
 * in this context (its login and enrolment are {@link CentroLoginIntegrationTest}'s).
 */
@ClaveIntegrationTest
class CentroPagesIntegrationTest extends MailServerTest {

	static final String CENTER = "CAU Quito Norte";
	static final Duration MAIL = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	TestFixtures api;
	String base;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		base = api.base();
	}

	@Test
	void nobodyIsSentToTheStaffLoginFromEveryPage() {
		String cedula = api.registerPerson(api.agent());
		WebClient nobody = Pages.browser();

		for (String path : List.of("/centro", "/centro/personas/" + cedula, "/centro/personas/" + cedula + "/datos",
				"/centro/empleadores/1790011674001")) {
			assertThat(Pages.open(nobody, base + path).getUrl().getPath()).as(path).isEqualTo("/centro/ingresar");
		}
		HtmlPage login = Pages.open(nobody, base + "/centro/ingresar");
		for (String path : actions(cedula)) {
			Page answer = CentroPages.post(nobody, base, path, CentroPages.csrf(login), List.of());
			assertThat(CentroPages.path(answer)).as(path).isEqualTo("/centro/ingresar");
		}
		assertThat(api.status(api.agent(), cedula)).isEqualTo("SIN_CLAVE");
	}

	/** "No fui yo" (PRODUCT.md §4.7a): the person page says when and from where, for the counter that reactivates. */
	@Test
	void thePersonPageShowsTheOwnersFraudReport() {
		String cedula = api.activePerson(api.agent());
		WebClient agent = CentroPages.staffBrowser(api, "AGENTE", CENTER);
		assertThat(Pages.open(agent, base + "/centro/personas/" + cedula).asNormalizedText()).doesNotContain("No fui yo");
		String bearer = TestFixtures.json(api.login(cedula, TestFixtures.GOOD_CLAVE)).get("accessToken").asString();

		assertThat(api.post("/api/v1/me/fraud-report", null, bearer).statusCode()).isEqualTo(204);

		String page = Pages.open(agent, base + "/centro/personas/" + cedula).asNormalizedText();
		assertThat(page).contains("La persona reportó «No fui yo» el", "por API, desde la dirección 127.0.0.1", "Suspendida");
	}

	@Test
	void aPersonsSessionNeverReachesTheBackOffice() {
		String cedula = api.activePerson(api.agent());
		WebClient person = Pages.browser();
		HtmlPage login = Pages.open(person, base + "/ingresar");
		Pages.fill(login, "Número de cédula", cedula);
		Pages.fill(login, "Clave", GOOD_CLAVE);
		assertThat(CentroPages.path(Pages.press(login, "Ingresar"))).isEqualTo("/servicios");

		for (String path : List.of("/centro", "/centro/personas/" + cedula, "/centro/personas/" + cedula + "/datos")) {
			assertThat(Pages.open(person, base + path).getUrl().getPath()).as(path).isEqualTo("/centro/ingresar");
		}
		assertThat(Pages.open(person, base + "/servicios").getUrl().getPath()).as("still signed in as a person")
			.isEqualTo("/servicios");
	}

	@Test
	void theAdministratorDoesNotActOnPeople() {
		String cedula = api.registerPerson(api.agent());
		WebClient admin = staffBrowser("ADMINISTRADOR");

		HtmlPage home = Pages.open(admin, base + "/centro");
		assertThat(CentroPages.status(home)).isEqualTo(200);
		assertThat(home.asNormalizedText()).contains("Personal de los centros", "Catálogo de servicios", "Auditoría")
			.doesNotContain("Buscar una persona");

		for (String path : List.of("/centro/personas/" + cedula, "/centro/personas/" + cedula + "/datos",
				"/centro/empleadores/1790011674001")) {
			HtmlPage refused = Pages.open(admin, base + path);
			assertThat(CentroPages.status(refused)).as(path).isEqualTo(403);
			assertThat(refused.asNormalizedText()).contains("Acceso no permitido", "Volver al inicio del centro");
		}
		for (String path : actions(cedula).stream().filter(path -> !path.equals("/centro/salir")).toList()) {
			Page refused = CentroPages.post(admin, base, path, CentroPages.csrf(home), List.of(
					new NameValuePair("ticket", "x"), new NameValuePair("reason", "prueba"),
					new NameValuePair("numero", cedula)));
			assertThat(CentroPages.status(refused)).as(path).isEqualTo(403);
		}
		assertThat(api.status(api.agent(), cedula)).isEqualTo("SIN_CLAVE");
	}

	@Test
	void onlyASupervisorReactivates() {
		String agentToken = api.agent();
		String cedula = api.activePerson(agentToken);
		api.verifyContact(agentToken, cedula, "reactivar-" + cedula + "@example.ec");
		WebClient agent = staffBrowser("AGENTE");
		HtmlPage page = Pages.open(agent, base + "/centro/personas/" + cedula);
		Pages.fill(page, "Motivo de la suspensión", "Sospecha de fraude reportada por teléfono");
		HtmlPage suspended = Pages.press(page, "Suspender");
		assertThat(suspended.asNormalizedText()).contains("La cuenta quedó suspendida", "Suspendida",
				"solo un supervisor puede reactivarla");
		assertThat(suspended.asNormalizedText()).doesNotContain("Reactivar la cuenta");

		Page refused = CentroPages.post(agent, base, "/centro/personas/" + cedula + "/reactivar", CentroPages.csrf(suspended),
				List.of());
		assertThat(CentroPages.status(refused)).isEqualTo(403);
		assertThat(api.status(agentToken, cedula)).isEqualTo("SUSPENDIDA");

		HtmlPage supervisorPage = Pages.open(staffBrowser("SUPERVISOR"), base + "/centro/personas/" + cedula);
		HtmlPage reactivated = Pages.press(supervisorPage, "Reactivar la cuenta");
		assertThat(reactivated.asNormalizedText()).contains("La cuenta quedó reactivada");
		assertThat(api.status(agentToken, cedula)).isEqualTo("ACTIVA");
		assertThat(counterEvent("ACCOUNT_SUSPENDED", cedula)).matches("agente-\\d+ @ " + CENTER);
		assertThat(counterEvent("ACCOUNT_REACTIVATED", cedula)).matches("supervisor-\\d+ @ " + CENTER);
		String email = "reactivar-" + cedula + "@example.ec";
		assertThat(TestMailServer.body(SMTP.awaitSubject(email, MailKind.ACCOUNT_SUSPENDED.subject(), MAIL)))
			.contains("fue suspendida", CENTER);
		assertThat(TestMailServer.body(SMTP.awaitSubject(email, MailKind.ACCOUNT_REACTIVATED.subject(), MAIL)))
			.contains("fue reactivada", CENTER);
	}

	@Test
	void theSearchNamesAMalformedNumberAndOffersToRegisterAnUnknownOne() {
		WebClient agent = staffBrowser("AGENTE");

		HtmlPage malformed = search(agent, "1714307104");
		assertThat(malformed.asNormalizedText()).contains("El número de cédula no es válido.");
		assertThat(search(agent, "12345").asNormalizedText()).contains("Escriba los 10 dígitos de la cédula o los 13 del RUC.");
		assertThat(search(agent, "1790011675001").asNormalizedText()).contains("El RUC no es válido.");

		String cedula = TestCedulas.next();
		HtmlPage unknown = search(agent, cedula);
		assertThat(CentroPages.status(unknown)).isEqualTo(404);
		assertThat(unknown.asNormalizedText()).contains("La cédula " + cedula + " no está registrada.");

		// A malformed number typed into the address gets a page with words, not a message key.
		for (String path : List.of("/centro/personas/nueva", "/centro/personas/1714307104/datos")) {
			HtmlPage typed = Pages.open(agent, base + path);
			assertThat(CentroPages.status(typed)).as(path).isEqualTo(400);
			assertThat(typed.asNormalizedText()).as(path).contains("Solicitud no válida").doesNotContain("??");
		}

		HtmlPage form = Pages.follow(unknown, "Registrar");
		assertThat(form.getTitleText()).isEqualTo("Registrar persona");
		Pages.fill(form, "Nombres", "Luis Alberto");
		Pages.fill(form, "Apellidos", "Andrade Pérez");
		Pages.fill(form, "Fecha de nacimiento", "1950-02-02");
		Pages.fill(form, "Código dactilar", "V1111V1111");
		HtmlPage missingRole = Pages.press(form, "Guardar");
		assertThat(missingRole.asNormalizedText()).contains("Elija al menos un tipo de asegurado.");
		Pages.check(missingRole, "Pensionista");
		HtmlPage person = Pages.press(missingRole, "Guardar");

		assertThat(CentroPages.path(person)).isEqualTo("/centro/personas/" + cedula);
		assertThat(person.asNormalizedText()).contains("La persona quedó registrada.", "Luis Alberto Andrade Pérez",
				"Pensionista", "Sin clave", "Persona registrada");
		assertThat(counterEvent("PERSON_REGISTERED", cedula)).matches("agente-\\d+ @ " + CENTER);
		assertThat(CentroPages.path(search(agent, cedula))).isEqualTo("/centro/personas/" + cedula);

		HtmlPage employer = search(agent, "0990138850001");
		assertThat(employer.asNormalizedText()).contains("El RUC 0990138850001 no está registrado.");
	}

	@Test
	void thePersonsPageShowsStateContactAndTheLastTwentyEvents() {
		String agentToken = api.agent();
		String cedula = api.activePerson(agentToken);
		api.verifyContact(agentToken, cedula, "pagina-" + cedula + "@example.ec");
		for (int i = 0; i < 25; i++) {
			api.login(cedula, "una clave equivocada número " + i);
			api.login(cedula, GOOD_CLAVE);
		}
		api.login(cedula, "la última clave equivocada");

		HtmlPage page = Pages.open(staffBrowser("AGENTE"), base + "/centro/personas/" + cedula);

		String text = page.asNormalizedText();
		assertThat(text).contains("Rosa Elena Quishpe Tipán", cedula, "Afiliado", "Activa", "pagina-" + cedula + "@example.ec",
				"+593991234567", CENTER);
		assertThat(page.getElementsByTagName("dd").stream().map(e -> e.getTextContent().strip()).toList())
			.as("failed attempts").contains("1");
		List<String> rows = page.querySelectorAll("table.events tbody tr").stream().map(r -> r.asNormalizedText()).toList();
		assertThat(rows).hasSize(20);
		assertThat(rows.get(0)).as("newest first").contains("Ingreso fallido");
		assertThat(page.getWebResponse().getResponseHeaderValue("Cache-Control")).contains("no-store");
	}

	@Test
	void aTemporaryClaveIsShownOnceOnAPrintableNoStorePageAuditedAndMailed() throws Exception {
		String agentToken = api.agent();
		String cedula = api.registerPerson(agentToken);
		String email = "temporal-" + cedula + "@example.ec";
		api.verifyContact(agentToken, cedula, email);
		HtmlPage page = Pages.open(staffBrowser("AGENTE"), base + "/centro/personas/" + cedula);

		HtmlPage printable = Pages.press(page, "Emitir clave temporal");

		assertThat(printable.getTitleText()).isEqualTo("Clave temporal");
		assertThat(printable.getWebResponse().getResponseHeaderValue("Cache-Control")).contains("no-store");
		String clave = printable.getElementById("clave-temporal").getTextContent().strip();
		assertThat(clave).hasSize(29);
		assertThat(printable.asNormalizedText()).contains("Rosa Elena Quishpe Tipán", "se muestra una sola vez");
		HttpResponse<String> login = api.login(cedula, clave);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		assertThat(json(login).get("passwordChangeRequired").asBoolean()).isTrue();
		assertThat(counterEvent("TEMPORARY_PASSWORD_ISSUED", cedula)).matches("agente-\\d+ @ " + CENTER);
		assertThat(TestMailServer.body(SMTP.awaitSubject(email, MailKind.TEMPORARY_PASSWORD_ISSUED.subject(), MAIL)))
			.contains("clave temporal", CENTER)
			.doesNotContain(clave);

		HtmlPage reloaded = printable.getWebClient().getPage(printable.getWebResponse().getWebRequest());
		assertThat(reloaded.asNormalizedText()).contains("ya se mostró").doesNotContain(clave);
		assertThat(reloaded.getElementById("clave-temporal")).isNull();
		assertThat(jdbc.sql("select count(*) from audit_events where type = 'TEMPORARY_PASSWORD_ISSUED' and account = ?")
			.param(cedula).query(Integer.class).single()).as("not issued twice").isEqualTo(1);
	}

	@Test
	void unlockAndDataUpdateWorkThroughTheFormsAuditedAndMailed() {
		String agentToken = api.agent();
		String cedula = api.activePerson(agentToken);
		String email = "desbloqueo-" + cedula + "@example.ec";
		api.verifyContact(agentToken, cedula, email);
		for (int i = 0; i < 5; i++) {
			api.login(cedula, "una clave equivocada número " + i);
		}
		assertThat(api.status(agentToken, cedula)).isEqualTo("BLOQUEADA");
		WebClient agent = staffBrowser("AGENTE");

		HtmlPage unlocked = Pages.press(Pages.open(agent, base + "/centro/personas/" + cedula), "Desbloquear la clave");

		assertThat(unlocked.asNormalizedText()).contains("La clave quedó desbloqueada", "Activa", "Clave desbloqueada");
		assertThat(api.status(agentToken, cedula)).isEqualTo("ACTIVA");
		assertThat(counterEvent("ACCOUNT_UNLOCKED", cedula)).matches("agente-\\d+ @ " + CENTER);

		HtmlPage form = Pages.follow(unlocked, "Actualizar datos personales");
		assertThat(((org.htmlunit.html.HtmlInput) Pages.field(form, "Nombres")).getValue()).isEqualTo("Rosa Elena");
		Pages.fill(form, "Apellidos", "Quishpe de Andrade");
		HtmlPage updated = Pages.press(form, "Guardar");
		assertThat(updated.asNormalizedText()).contains("Los datos de la persona quedaron actualizados",
				"Rosa Elena Quishpe de Andrade");
		assertThat(counterEvent("PERSON_UPDATED", cedula)).matches("agente-\\d+ @ " + CENTER);

		awaitBody(email, "fue desbloqueada");
		awaitBody(email, "se actualizaron sus datos personales");
	}

	@Test
	void aSuspensionNeedsAReason() {
		String cedula = api.activePerson(api.agent());
		HtmlPage page = Pages.open(staffBrowser("SUPERVISOR"), base + "/centro/personas/" + cedula);

		HtmlPage refused = Pages.press(page, "Suspender");

		assertThat(refused.asNormalizedText()).contains("Escriba el motivo de la suspensión.");
		assertThat(api.status(api.agent(), cedula)).isEqualTo("ACTIVA");
	}

	@Test
	void anEmployerIsRegisteredThroughItsForm() {
		String agentToken = api.agent();
		String representative = api.registerPerson(agentToken);
		String ruc = representative + "001";
		WebClient agent = staffBrowser("AGENTE");
		HtmlPage form = search(agent, ruc);
		form = Pages.follow(form, "Registrar");

		Pages.fill(form, "Razón social", "Panadería La Espiga");
		Pages.fill(form, "Cédula del representante legal", TestCedulas.next());
		Pages.fill(form, "Correo electrónico del empleador", "espiga@example.ec");
		HtmlPage unknownRepresentative = Pages.press(form, "Guardar");
		assertThat(unknownRepresentative.asNormalizedText()).contains("El representante legal no está registrado");

		Pages.fill(unknownRepresentative, "Cédula del representante legal", representative);
		HtmlPage registered = Pages.press(unknownRepresentative, "Guardar");

		assertThat(CentroPages.path(registered)).isEqualTo("/centro/empleadores/" + ruc);
		assertThat(registered.asNormalizedText()).contains("El empleador quedó registrado.", "Panadería La Espiga",
				"Empleador registrado");
		assertThat(counterEvent("EMPLOYER_REGISTERED", ruc)).matches("agente-\\d+ @ " + CENTER);
	}

	@Test
	void everyFormNeedsItsCsrfToken() {
		String agentToken = api.agent();
		String cedula = api.activePerson(agentToken);
		WebClient supervisor = staffBrowser("SUPERVISOR");
		HtmlPage page = Pages.open(supervisor, base + "/centro/personas/" + cedula);
		String ticket = page.getElementsByName("ticket").get(0).getAttribute("value");

		for (String path : actions(cedula)) {
			Page refused = CentroPages.post(supervisor, base, path, null, List.of(new NameValuePair("ticket", ticket),
					new NameValuePair("reason", "prueba"), new NameValuePair("numero", cedula),
					new NameValuePair("legalName", "X"), new NameValuePair("representative", cedula)));
			assertThat(CentroPages.status(refused)).as(path).isEqualTo(403);
		}
		assertThat(api.status(agentToken, cedula)).isEqualTo("ACTIVA");
		assertThat(jdbc.sql("select count(*) from audit_events where account = ? and channel = 'COUNTER' and type <> 'PERSON_REGISTERED'")
			.param(cedula).query(Integer.class).single()).as("only the API's own counter actions")
			.isEqualTo(1);
	}

	/** Waits (bounded) for a message to the address whose text contains {@code text}. */
	private static void awaitBody(String address, String text) {
		long deadline = System.nanoTime() + MAIL.toNanos();
		while (SMTP.to(address).stream().map(TestMailServer::body).noneMatch(body -> body.contains(text))) {
			assertThat(System.nanoTime()).as("a message to " + address + " saying " + text).isLessThan(deadline);
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}
	}

	/** Every form of the back office that acts, for this person. */
	private static List<String> actions(String cedula) {
		String person = "/centro/personas/" + cedula;
		return List.of("/centro/buscar", person + "/datos", person + "/clave-temporal", person + "/desbloquear",
				person + "/suspender", person + "/reactivar", person + "/verificacion", person + "/huella/restablecer",
				person + "/enlace-clave", "/centro/empleadores/" + cedula + "001", "/centro/salir");
	}

	private HtmlPage search(WebClient browser, String number) {
		HtmlPage home = Pages.open(browser, base + "/centro");
		Pages.fill(home, "Número de cédula o RUC", number);
		return Pages.press(home, "Buscar");
	}

	/** A new member of staff with this role, signed in on the pages (no TOTP in this context). */
	private WebClient staffBrowser(String role) {
		return CentroPages.staffBrowser(api, role, CENTER);
	}

	/** "agent @ centre" of the account's newest event of this type, which must be a counter's (two columns). */
	private String counterEvent(String type, String account) {
		return CentroPages.counterEvent(jdbc, type, account);
	}
}
