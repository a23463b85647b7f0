package ec.gob.iess.clave.counter;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MutableClock;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administrator's pages of the back office (issue 9, decisions 89 and 90): staff users, the services
 * catalogue and the audit search with its CSV, each for its roles only, every change audited with agent
 * and centre, every form with its CSRF token. TOTP is not required in this context; the QR enrolment after
 * a creation or a reset is {@link CentroAdminTotpIntegrationTest}'s.
 */
@ClaveIntegrationTest
class CentroAdminPagesIntegrationTest {

	static final String CENTER = "CAU Guayaquil Centro";
	static final ZoneId ECUADOR = ZoneId.of("America/Guayaquil");
	private static final AtomicInteger NAMES = new AtomicInteger();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	TestFixtures api;
	String base;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		base = api.base();
	}

	@Test
	void theAdministratorsPagesAreReachedFromTheStartPageAndRefusedToOthers() {
		WebClient admin = staffBrowser("ADMINISTRADOR");
		HtmlPage home = Pages.open(admin, base + "/centro");
		assertThat(Pages.follow(home, "Personal de los centros").getTitleText()).isEqualTo("Personal de los centros");
		assertThat(Pages.follow(home, "Catálogo de servicios").getTitleText()).isEqualTo("Catálogo de servicios");
		assertThat(Pages.follow(home, "Auditoría").getTitleText()).isEqualTo("Auditoría");
		for (String path : pages()) {
			assertThat(CentroPages.status(get(admin, path))).as(path).isEqualTo(200);
		}

		WebClient agent = staffBrowser("AGENTE");
		WebClient supervisor = staffBrowser("SUPERVISOR");
		assertThat(Pages.open(agent, base + "/centro").asNormalizedText()).doesNotContain("Auditoría", "Personal de los centros");
		HtmlPage supervisorHome = Pages.open(supervisor, base + "/centro");
		assertThat(supervisorHome.getAnchorByText("Auditoría")).isNotNull();
		assertThat(supervisorHome.asNormalizedText()).doesNotContain("Personal de los centros", "Catálogo de servicios");
		for (String path : pages()) {
			Page refused = get(agent, path);
			assertThat(CentroPages.status(refused)).as("agent " + path).isEqualTo(403);
			assertThat(((HtmlPage) refused).asNormalizedText()).contains("Acceso no permitido", "Volver al inicio del centro");
			boolean audit = path.startsWith("/centro/auditoria");
			assertThat(CentroPages.status(get(supervisor, path))).as("supervisor " + path).isEqualTo(audit ? 200 : 403);
		}
		String target = "objetivo-" + NAMES.incrementAndGet() + "-" + System.nanoTime() % 100_000;
		api.staff(target, "AGENTE");
		for (WebClient refusedStaff : List.of(agent, supervisor)) {
			String csrf = CentroPages.csrf(Pages.open(refusedStaff, base + "/centro"));
			for (String path : forms(target)) {
				Page refused = CentroPages.post(refusedStaff, base, path, csrf, fields());
				assertThat(CentroPages.status(refused)).as(path).isEqualTo(403);
			}
		}
		assertThat(enabled(target)).isTrue();

		WebClient nobody = Pages.browser();
		HtmlPage login = Pages.open(nobody, base + "/centro/ingresar");
		for (String path : pages()) {
			assertThat(CentroPages.path(get(nobody, path))).as(path).isEqualTo("/centro/ingresar");
		}
		for (String path : forms(target)) {
			assertThat(CentroPages.path(CentroPages.post(nobody, base, path, CentroPages.csrf(login), fields()))).as(path)
				.isEqualTo("/centro/ingresar");
		}

		String cedula = api.activePerson(api.agent());
		WebClient person = Pages.browser();
		HtmlPage personLogin = Pages.open(person, base + "/ingresar");
		Pages.fill(personLogin, "Número de cédula", cedula);
		Pages.fill(personLogin, "Clave", GOOD_CLAVE);
		assertThat(CentroPages.path(Pages.press(personLogin, "Ingresar"))).isEqualTo("/servicios");
		for (String path : pages()) {
			assertThat(CentroPages.path(get(person, path))).as(path).isEqualTo("/centro/ingresar");
		}
		assertThat(enabled(target)).isTrue();
	}

	@Test
	void anAdministratorCreatesAStaffUserThroughTheFormWithoutSeeingASecret() {
		WebClient admin = staffBrowser("ADMINISTRADOR");
		HtmlPage page = Pages.open(admin, base + "/centro/personal");
		String username = "nuevo-" + NAMES.incrementAndGet() + "-" + System.nanoTime() % 100_000;

		Pages.fill(page, "Usuario", "Con Mayúsculas");
		Pages.fill(page, "Contraseña inicial", "corta");
		Pages.fill(page, "Centro de atención", CENTER);
		HtmlPage refused = Pages.press(page, "Crear usuario");
		assertThat(CentroPages.status(refused)).isEqualTo(400);
		assertThat(refused.asNormalizedText()).contains("Escriba un usuario de 3 a 64 letras minúsculas");

		Pages.fill(refused, "Usuario", username);
		Pages.fill(refused, "Contraseña inicial", "corta");
		Pages.check(refused, "Agente");
		Pages.check(refused, "Administrador");
		HtmlPage mixed = Pages.press(refused, "Crear usuario");
		assertThat(mixed.asNormalizedText()).contains("el administrador no puede tener otro");

		((org.htmlunit.html.HtmlCheckBoxInput) Pages.field(mixed, "Administrador")).setChecked(false);
		Pages.fill(mixed, "Contraseña inicial", "corta");
		HtmlPage weak = Pages.press(mixed, "Crear usuario");
		assertThat(weak.asNormalizedText()).contains("es muy corta");
		assertThat(jdbc.sql("select count(*) from staff_users where username = ?").param(username).query(Integer.class)
			.single()).isZero();

		Pages.fill(weak, "Contraseña inicial", TestFixtures.STAFF_PASSWORD);
		HtmlPage created = Pages.press(weak, "Crear usuario");
		assertThat(CentroPages.path(created)).isEqualTo("/centro/personal");
		assertThat(created.asNormalizedText()).contains("El usuario " + username + " quedó creado");
		String row = row(created, username);
		assertThat(row).contains("Agente", CENTER, "Activo", "Se configura en el próximo ingreso", "Sin registro");
		String secret = jdbc.sql("select totp_secret from staff_users where username = ?").param(username)
			.query(String.class).single();
		assertThat(created.getWebResponse().getContentAsString()).doesNotContain(secret);
		assertThat(staffEvent("STAFF_USER_CREATED", username)).matches("administrador-\\d+-\\d+ @ " + CENTER);

		Pages.fill(created, "Usuario", username);
		Pages.fill(created, "Contraseña inicial", TestFixtures.STAFF_PASSWORD);
		Pages.fill(created, "Centro de atención", CENTER);
		Pages.check(created, "Supervisor");
		assertThat(Pages.press(created, "Crear usuario").asNormalizedText()).contains("Ese usuario ya existe");

		HtmlPage signedIn = CentroPages.login(Pages.browser(), base, username, TestFixtures.STAFF_PASSWORD, null);
		assertThat(CentroPages.path(signedIn)).isEqualTo("/centro");
		assertThat(row(Pages.open(admin, base + "/centro/personal"), username)).doesNotContain("Sin registro");
	}

	@Test
	void aDisabledUserCannotLogInByPageOrApiUntilEnabledAgain() {
		String username = "desactivar-" + NAMES.incrementAndGet() + "-" + System.nanoTime() % 100_000;
		WebClient agent = CentroPages.staffBrowser(api, username, "AGENTE", CENTER);
		String token = api.staffLogin(username, TestFixtures.STAFF_PASSWORD);
		WebClient admin = staffBrowser("ADMINISTRADOR");

		HtmlPage disabled = CentroPages.pressInRow(Pages.open(admin, base + "/centro/personal"), username, "Desactivar");

		assertThat(disabled.asNormalizedText()).contains("El usuario " + username + " quedó desactivado");
		assertThat(row(disabled, username)).contains("Desactivado");
		assertThat(enabled(username)).isFalse();
		assertThat(staffEvent("STAFF_USER_DISABLED", username)).matches("administrador-\\d+-\\d+ @ " + CENTER);
		assertThat(Pages.open(agent, base + "/centro").getUrl().getPath()).as("the open session ended")
			.isEqualTo("/centro/ingresar");
		assertThat(api.get("/api/v1/staff/persons/" + TestCedulas.next(), token).statusCode()).as("the token ended")
			.isEqualTo(401);
		HtmlPage refused = CentroPages.login(Pages.browser(), base, username, TestFixtures.STAFF_PASSWORD, null);
		assertThat(CentroPages.path(refused)).isEqualTo("/centro/ingresar");
		assertThat(refused.asNormalizedText()).contains("Usuario, contraseña o código de verificación incorrectos.");
		HttpResponse<String> apiLogin = api.post("/api/v1/staff/login", "{\"username\":" + quote(username)
				+ ",\"password\":" + quote(TestFixtures.STAFF_PASSWORD) + "}", null);
		assertThat(apiLogin.statusCode()).isEqualTo(401);
		assertThat(apiLogin.body()).contains("INVALID_CREDENTIALS");

		HtmlPage enabled = CentroPages.pressInRow(disabled, username, "Activar");

		assertThat(enabled.asNormalizedText()).contains("El usuario " + username + " quedó activado");
		assertThat(staffEvent("STAFF_USER_ENABLED", username)).matches("administrador-\\d+-\\d+ @ " + CENTER);
		assertThat(CentroPages.path(CentroPages.login(Pages.browser(), base, username, TestFixtures.STAFF_PASSWORD, null)))
			.isEqualTo("/centro");
		assertThat(api.staffLogin(username, TestFixtures.STAFF_PASSWORD)).isNotBlank();
	}

	@Test
	void anAdministratorCannotDisableThemself() {
		String username = "admin-propio-" + NAMES.incrementAndGet() + "-" + System.nanoTime() % 100_000;
		WebClient admin = CentroPages.staffBrowser(api, username, "ADMINISTRADOR", CENTER);

		HtmlPage refused = CentroPages.pressInRow(Pages.open(admin, base + "/centro/personal"), username, "Desactivar");

		assertThat(refused.asNormalizedText()).contains("No puede desactivar su propio usuario");
		assertThat(enabled(username)).isTrue();
		assertThat(CentroPages.status(Pages.open(admin, base + "/centro/personal"))).isEqualTo(200);
	}

	/** A secret that no longer opens (sealed under another key) neither takes the list down nor blocks its reset. */
	@Test
	void aSecretThatDoesNotOpenIsListedAndReset() {
		String username = "otra-llave-" + NAMES.incrementAndGet() + "-" + System.nanoTime() % 100_000;
		api.staff(username, "AGENTE");
		jdbc.sql("update staff_users set totp_secret = ? where username = ?")
			.params("v1:c2VsbGFkbyBjb24gb3RyYSBsbGF2ZSBkZSBwcnVlYmEgcGFyYSBlc3RlIHRlc3Q=", username).update();
		WebClient admin = staffBrowser("ADMINISTRADOR");

		HtmlPage list = Pages.open(admin, base + "/centro/personal");
		assertThat(CentroPages.status(list)).isEqualTo(200);
		HtmlPage reset = CentroPages.pressInRow(list, username, "Restablecer código");

		assertThat(reset.asNormalizedText())
			.contains("El código de verificación de " + username + " quedó restablecido");
		assertThat(CentroPages.path(CentroPages.login(Pages.browser(), base, username, TestFixtures.STAFF_PASSWORD, null)))
			.as("the new secret opens").isEqualTo("/centro");
	}

	@Test
	void aCatalogueChangeIsAuditedAndShowsInThePeoplesMenu() {
		String code = "turnos-" + NAMES.incrementAndGet() + "-" + System.nanoTime() % 100_000;
		WebClient admin = staffBrowser("ADMINISTRADOR");
		HtmlPage catalogue = Pages.open(admin, base + "/centro/servicios");
		assertThat(catalogue.asNormalizedText()).contains("Historia laboral", "/historia-laboral", "Empleador");

		Pages.fill(catalogue, "Código", code);
		Pages.fill(catalogue, "Servicio", "Turnos en línea " + code);
		Pages.fill(catalogue, "Dirección", "javascript:alert(1)");
		Pages.check(catalogue, "Pensionista");
		HtmlPage refused = Pages.press(catalogue, "Añadir");
		assertThat(CentroPages.status(refused)).isEqualTo(400);
		assertThat(refused.asNormalizedText()).contains("Escriba una dirección que empiece con https:// o con /");

		Pages.fill(refused, "Dirección", "/turnos");
		HtmlPage added = Pages.press(refused, "Añadir");
		assertThat(added.asNormalizedText()).contains("El servicio «Turnos en línea " + code + "» quedó añadido al menú.");
		assertThat(staffEvent("SERVICE_CATALOG_CHANGED", null)).matches("administrador-\\d+-\\d+ @ " + CENTER);

		String cedula = api.activePerson(api.agent());
		WebClient person = personBrowser(cedula);
		assertThat(Pages.open(person, base + "/servicios").asNormalizedText()).as("an afiliado does not see it")
			.doesNotContain("Turnos en línea " + code);

		HtmlPage edit = Pages.follow(added, "Turnos en línea " + code);
		Pages.check(edit, "Afiliado");
		Pages.fill(edit, "Dirección", "https://turnos.iess.test/agenda");
		HtmlPage changed = Pages.press(edit, "Guardar");
		assertThat(changed.asNormalizedText()).contains("El servicio «Turnos en línea " + code + "» quedó cambiado.",
				"https://turnos.iess.test/agenda");
		assertThat(jdbc.sql("select detail from audit_events where type = 'SERVICE_CATALOG_CHANGED' order by id desc")
			.query(String.class).list().get(0)).contains(code, "/turnos -> https://turnos.iess.test/agenda",
					"PENSIONISTA -> AFILIADO,PENSIONISTA");

		HtmlPage menu = Pages.open(person, base + "/servicios");
		assertThat(menu.getAnchorByText("Turnos en línea " + code).getHrefAttribute())
			.isEqualTo("https://turnos.iess.test/agenda");
		assertThat(menu.asNormalizedText()).contains("Historia laboral");
	}

	@Test
	void theAuditIsSearchedByAccountAgentTypeAndDatesAndPaged() {
		String agentToken = api.agent();
		String cedula = api.registerPerson(agentToken);
		String supervisorName = "supervisor-auditoria-" + NAMES.incrementAndGet() + "-" + System.nanoTime() % 100_000;
		String supervisorToken = api.staff(supervisorName, "SUPERVISOR");
		for (int i = 0; i < 28; i++) {
			assertThat(api.post("/api/v1/staff/persons/" + cedula + "/suspend", "{\"reason\":\"Prueba " + i + "\"}",
					supervisorToken).statusCode()).isEqualTo(204);
			assertThat(api.post("/api/v1/staff/persons/" + cedula + "/reactivate", "{}", supervisorToken).statusCode())
				.isEqualTo(204);
		}
		WebClient admin = staffBrowser("ADMINISTRADOR");

		HtmlPage search = Pages.open(admin, base + "/centro/auditoria");
		Pages.fill(search, "Cuenta (cédula o RUC)", cedula);
		HtmlPage first = Pages.press(search, "Buscar en la auditoría");
		assertThat(rows(first)).hasSize(50);
		assertThat(rows(first).get(0)).as("newest first").contains("Cuenta reactivada", cedula, supervisorName);
		assertThat(first.asNormalizedText()).doesNotContain("Eventos más recientes");

		HtmlPage second = Pages.follow(first, "Eventos anteriores");
		assertThat(rows(second)).as("57 events: 1 registration, 28 suspensions, 28 reactivations").hasSize(7);
		assertThat(rows(second).get(6)).contains("Persona registrada");
		assertThat(second.asNormalizedText()).doesNotContain("Eventos anteriores");
		assertThat(((org.htmlunit.html.HtmlInput) Pages.field(second, "Cuenta (cédula o RUC)")).getValue())
			.as("the filter is kept").isEqualTo(cedula);
		HtmlPage back = Pages.follow(second, "Eventos más recientes");
		assertThat(rows(back)).isEqualTo(rows(first));

		Pages.fill(back, "Agente (usuario del personal)", supervisorName);
		((HtmlSelect) Pages.field(back, "Tipo de evento")).setSelectedAttribute("ACCOUNT_SUSPENDED", true);
		HtmlPage suspensions = Pages.press(back, "Buscar en la auditoría");
		assertThat(rows(suspensions)).hasSize(28).allSatisfy(row -> assertThat(row).contains("Cuenta suspendida", supervisorName));
		assertThat(rows(suspensions).get(0)).contains("Prueba 27");

		String today = LocalDate.now(clock.withZone(ECUADOR)).toString();
		String tomorrow = LocalDate.now(clock.withZone(ECUADOR)).plusDays(1).toString();
		String yesterday = LocalDate.now(clock.withZone(ECUADOR)).minusDays(1).toString();
		assertThat(rows(audit(admin, "cuenta=" + cedula + "&desde=" + today + "&hasta=" + today))).hasSize(50);
		assertThat(rows(audit(admin, "cuenta=" + cedula + "&desde=" + tomorrow))).isEmpty();
		assertThat(rows(audit(admin, "cuenta=" + cedula + "&hasta=" + yesterday))).isEmpty();
		String typed = LocalDate.now(clock.withZone(ECUADOR)).format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/uuuu"));
		assertThat(audit(admin, "cuenta=" + cedula + "&desde=" + tomorrow).asNormalizedText()).contains("No hay eventos");
		assertThat(rows(audit(admin, "cuenta=" + cedula + "&hasta=" + typed))).as("a date typed as in Ecuador").hasSize(50);

		HtmlPage wrong = audit(admin, "cuenta=" + cedula + "&desde=31/02/2026&hasta=" + yesterday + "&tipo=NADA");
		assertThat(CentroPages.status(wrong)).isEqualTo(400);
		assertThat(wrong.asNormalizedText()).contains("Escriba una fecha válida", "Elija un tipo de evento de la lista.");
		assertThat(audit(admin, "desde=" + today + "&hasta=" + yesterday).asNormalizedText())
			.contains("La fecha final no puede ser anterior a la inicial.");

		WebClient supervisor = staffBrowser("SUPERVISOR");
		assertThat(rows(audit(supervisor, "cuenta=" + cedula + "&tipo=ACCOUNT_REACTIVATED"))).hasSize(28);
	}

	@Test
	void theCsvHasTheSameFilterAHeaderRowEscapedValuesAndNoFormulas() {
		String cedula = api.registerPerson(api.agent());
		String supervisorName = "supervisor-csv-" + NAMES.incrementAndGet() + "-" + System.nanoTime() % 100_000;
		String supervisorToken = api.staff(supervisorName, "SUPERVISOR");
		String formula = "=HYPERLINK(\"https://malo.example\",\"ver\")";
		assertThat(api.post("/api/v1/staff/persons/" + cedula + "/suspend", "{\"reason\":" + quote(formula) + "}",
				supervisorToken).statusCode()).isEqualTo(204);
		assertThat(api.post("/api/v1/staff/persons/" + cedula + "/reactivate", "{}", supervisorToken).statusCode())
			.isEqualTo(204);
		assertThat(api.post("/api/v1/staff/persons/" + cedula + "/suspend", "{\"reason\":\"-1+1, @SUM(A1)\"}",
				supervisorToken).statusCode()).isEqualTo(204);
		WebClient admin = staffBrowser("ADMINISTRADOR");

		HtmlPage page = audit(admin, "cuenta=" + cedula + "&tipo=ACCOUNT_SUSPENDED");
		Page csv = get(admin, page.getAnchorByText("Descargar en CSV").getHrefAttribute());

		assertThat(csv.getWebResponse().getContentType()).isEqualTo("text/csv");
		assertThat(csv.getWebResponse().getContentCharset()).isEqualTo(StandardCharsets.UTF_8);
		assertThat(csv.getWebResponse().getResponseHeaderValue("Content-Disposition")).startsWith("attachment;")
			.contains("filename=\"auditoria-");
		String body = csv.getWebResponse().getContentAsString(StandardCharsets.UTF_8).replace("\uFEFF", "");
		List<String> lines = body.lines().toList();
		assertThat(lines.get(0)).isEqualTo("fecha_ecuador,evento,cuenta,agente,centro,canal,ip,resultado,detalle");
		assertThat(lines).as("only the filter's events: two suspensions").hasSize(3);
		assertThat(lines.get(1)).contains(",ACCOUNT_SUSPENDED," + cedula + "," + supervisorName + ",CAU Quito Norte,COUNTER,")
			.endsWith(",SUCCESS,\"'-1+1, @SUM(A1)\"");
		assertThat(lines.get(2)).endsWith(",SUCCESS,\"'=HYPERLINK(\"\"https://malo.example\"\",\"\"ver\"\")\"");
		assertThat(lines.get(1)).startsWith(LocalDate.now(clock.withZone(ECUADOR)).toString() + " ");
		assertThat(body).endsWith("\r\n");
	}

	@Test
	void everyAdministratorFormNeedsItsCsrfToken() {
		String target = "csrf-" + NAMES.incrementAndGet() + "-" + System.nanoTime() % 100_000;
		api.staff(target, "AGENTE");
		WebClient admin = staffBrowser("ADMINISTRADOR");
		int events = jdbc.sql("select count(*) from audit_events").query(Integer.class).single();

		for (String path : forms(target)) {
			Page refused = CentroPages.post(admin, base, path, null, fields());
			assertThat(CentroPages.status(refused)).as(path).isEqualTo(403);
		}

		assertThat(enabled(target)).isTrue();
		assertThat(jdbc.sql("select url from services where code = 'historia-laboral'").query(String.class).single())
			.isEqualTo("/historia-laboral");
		assertThat(jdbc.sql("select count(*) from services where code = 'csrf-sin-token'").query(Integer.class).single())
			.isZero();
		assertThat(jdbc.sql("select count(*) from audit_events where type in ('STAFF_USER_CREATED', 'STAFF_USER_DISABLED', "
				+ "'STAFF_TOTP_RESET', 'SERVICE_CATALOG_CHANGED') and id > ?").param(events).query(Integer.class).single())
			.isZero();
	}

	/** Every page of the administrator's (and the audit, a supervisor's too). */
	private static List<String> pages() {
		return List.of("/centro/personal", "/centro/servicios", "/centro/servicios/historia-laboral", "/centro/auditoria",
				"/centro/auditoria?cuenta=1710034065&tipo=LOGIN_FAILED", "/centro/auditoria/exportar");
	}

	/** Every form of the administrator's pages, acting on this staff user. */
	private static List<String> forms(String username) {
		String user = "/centro/personal/" + username;
		return List.of("/centro/personal", user + "/desactivar", user + "/activar", user + "/restablecer-codigo",
				"/centro/servicios", "/centro/servicios/historia-laboral");
	}

	/** What the forms would send, were they allowed. */
	private static List<NameValuePair> fields() {
		return List.of(new NameValuePair("username", "csrf-sin-token"), new NameValuePair("password", TestFixtures.STAFF_PASSWORD),
				new NameValuePair("roles", "AGENTE"), new NameValuePair("center", CENTER),
				new NameValuePair("code", "csrf-sin-token"), new NameValuePair("name", "Sin token"),
				new NameValuePair("roles", "AFILIADO"), new NameValuePair("url", "https://malo.example/"));
	}

	private WebClient staffBrowser(String role) {
		return CentroPages.staffBrowser(api, role.toLowerCase() + "-" + NAMES.incrementAndGet() + "-"
				+ System.nanoTime() % 100_000, role, CENTER);
	}

	private WebClient personBrowser(String cedula) {
		WebClient person = Pages.browser();
		HtmlPage login = Pages.open(person, base + "/ingresar");
		Pages.fill(login, "Número de cédula", cedula);
		Pages.fill(login, "Clave", GOOD_CLAVE);
		assertThat(CentroPages.path(Pages.press(login, "Ingresar"))).isEqualTo("/servicios");
		return person;
	}

	private HtmlPage audit(WebClient browser, String query) {
		return Pages.open(browser, base + "/centro/auditoria?" + query);
	}

	private static List<String> rows(HtmlPage page) {
		return page.querySelectorAll("table.audit tbody tr").stream().map(row -> row.asNormalizedText()).toList();
	}

	private static String row(HtmlPage page, String username) {
		return page.querySelectorAll("tbody tr").stream().map(row -> row.asNormalizedText())
			.filter(text -> text.startsWith(username + "\t") || text.startsWith(username + " ")).findFirst()
			.orElseThrow(() -> new AssertionError("no row of " + username + " on\n" + page.asNormalizedText()));
	}

	private boolean enabled(String username) {
		return jdbc.sql("select disabled_at from staff_users where username = ?").param(username)
			.query((rs, n) -> rs.getTimestamp(1) == null).single();
	}

	/** Any page, HTML or not (the CSV), by its path on the site. */
	private Page get(WebClient browser, String path) {
		try {
			return browser.getPage(base + path);
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	/** "agent @ centre" of the newest staff event of this type about this staff user (or any, for null). */
	private String staffEvent(String type, String username) {
		String select = "select actor || ' @ ' || center from audit_events where type = ? and channel = 'COUNTER'";
		var query = username == null ? jdbc.sql(select + " order by id desc").param(type)
				: jdbc.sql(select + " and (detail = ? or detail like ?) order by id desc").params(type, username, username + " %");
		return query.query(String.class).list().get(0);
	}
}
