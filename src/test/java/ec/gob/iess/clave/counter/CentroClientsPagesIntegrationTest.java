package ec.gob.iess.clave.counter;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.htmlunit.html.HtmlTextArea;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ec.gob.iess.clave.audit.Channel;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.portal.ServiceCatalog;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestFixtures;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administrator's page of the services registered for single sign-on (decision 118): a service registered
 * with its secret shown once on a page no one keeps, listed without it, launched from the menu entry chosen,
 * removed; mistakes on their fields; every other member of staff, and nobody, refused.
 */
@ClaveIntegrationTest
class CentroClientsPagesIntegrationTest {

	private static final String CENTER = "Matriz";
	private static final AtomicInteger NAMES = new AtomicInteger();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ServiceCatalog catalog;

	TestFixtures api;
	String base;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		base = api.base();
	}

	@Test
	void theAdministratorRegistersAServiceSeesItsSecretOnceAndTheMenuLaunchesIt() throws Exception {
		String id = "pagina-" + NAMES.incrementAndGet() + "-" + System.nanoTime() % 100_000;
		String entry = "entrada-" + id;
		catalog.add(entry, "Servicio " + id, Set.of("AFILIADO"), "/antes", Origin.staff("pruebas", null, Channel.COUNTER, null));
		WebClient admin = staffBrowser("ADMINISTRADOR");
		HtmlPage form = Pages.follow(Pages.open(admin, base + "/centro"), "Servicios con ingreso único");
		Pages.fill(form, "Identificador del servicio (client_id)", id);
		Pages.fill(form, "Servicio", "Historia de prueba");
		((HtmlTextArea) Pages.field(form, "Direcciones de retorno")).setText("https://historia.iess.test/cb\nhttps://historia.iess.test/cb2");
		((HtmlTextArea) Pages.field(form, "Direcciones después de salir")).setText("https://historia.iess.test/");
		Pages.fill(form, "Dirección de aviso de cierre de sesión", "https://historia.iess.test/bcl");
		Pages.check(form, "Nombres y apellidos");
		Pages.check(form, "Afiliado");
		((HtmlSelect) Pages.field(form, "Entrada del menú que lo abre")).setSelectedAttribute(entry, true);
		Pages.fill(form, "Dirección de inicio del servicio", "https://historia.iess.test/inicio");

		HtmlPage created = Pages.press(form, "Registrar");
		assertThat(created.getTitleText()).isEqualTo("Servicio registrado");
		assertThat(created.getWebResponse().getResponseHeaderValue("Cache-Control")).isEqualTo("no-store");
		String secret = created.getElementById("secreto").getTextContent().strip();
		assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
		String stored = jdbc.sql("select client_secret from oauth2_registered_client where client_id = ?").param(id)
			.query(String.class).single();
		assertThat(stored).startsWith("{hmac-sha256}").doesNotContain(secret);

		HtmlPage list = Pages.follow(created, "Volver a los servicios con ingreso único");
		assertThat(list.asNormalizedText()).contains(id, "Historia de prueba", "https://historia.iess.test/cb2", "openid",
				"Confidencial").doesNotContain(secret);
		assertThat(jdbc.sql("select client_id || ' ' || url || ' ' || roles from services where code = ?").param(entry)
			.query(String.class).single()).isEqualTo(id + " https://historia.iess.test/inicio AFILIADO");
		assertThat(Pages.open(admin, base + "/centro/servicios").asNormalizedText())
			.contains("Abre con ingreso único el servicio " + id);
		HtmlPage menu = personMenu(api.activePerson(api.agent()));
		assertThat(menu.getAnchorByText("Servicio " + id).getHrefAttribute()).isEqualTo("https://historia.iess.test/inicio");

		HtmlPage removed = Pages.press(list, "Quitar " + id);
		assertThat(removed.asNormalizedText()).contains("El servicio «" + id + "» quedó quitado").doesNotContain("Historia de prueba");
		assertThat(jdbc.sql("select count(*) from oauth2_registered_client where client_id = ?").param(id).query(Integer.class)
			.single()).isZero();
		assertThat(jdbc.sql("select client_id from services where code = ?").param(entry).query(String.class).optional())
			.as("the entry stays, a plain link").isEmpty();
	}

	@Test
	void aPublicServiceHasNoSecretAndMistakesAreShownOnTheirFields() {
		WebClient admin = staffBrowser("ADMINISTRADOR");
		HtmlPage form = Pages.open(admin, base + "/centro/clientes");
		String id = "publico-" + NAMES.incrementAndGet() + "-" + System.nanoTime() % 100_000;
		Pages.fill(form, "Identificador del servicio (client_id)", id);
		Pages.fill(form, "Servicio", "Aplicación móvil");
		((HtmlTextArea) Pages.field(form, "Direcciones de retorno")).setText("http://malo.example/cb");
		Pages.fill(form, "Dirección de inicio del servicio", "https://otro.example/");
		((org.htmlunit.html.HtmlCheckBoxInput) Pages.field(form, "Confidencial: el servicio tiene un servidor que guarda un secreto (si no, es una aplicación pública)"))
			.setChecked(false);

		HtmlPage refused = Pages.press(form, "Registrar");
		assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(400);
		assertThat(refused.getElementById("redirectUris-error").getTextContent()).contains("https://");
		assertThat(((HtmlTextArea) Pages.field(refused, "Direcciones de retorno")).getText()).isEqualTo("http://malo.example/cb");

		((HtmlTextArea) Pages.field(refused, "Direcciones de retorno")).setText("https://movil.iess.test/cb");
		HtmlPage created = Pages.press(refused, "Registrar");
		assertThat(created.asNormalizedText()).contains("Es un servicio público: no tiene secreto.");
		assertThat(created.getElementById("secreto")).isNull();

		HtmlPage again = Pages.open(admin, base + "/centro/clientes");
		Pages.fill(again, "Identificador del servicio (client_id)", id);
		Pages.fill(again, "Servicio", "Otra vez");
		((HtmlTextArea) Pages.field(again, "Direcciones de retorno")).setText("https://movil.iess.test/cb");
		HtmlPage taken = Pages.press(again, "Registrar");
		assertThat(taken.getElementById("clientId-error").getTextContent()).contains("Ya hay un servicio con ese identificador.");

		HtmlPage wrongStart = Pages.open(admin, base + "/centro/clientes");
		Pages.fill(wrongStart, "Identificador del servicio (client_id)", id + "-b");
		Pages.fill(wrongStart, "Servicio", "Con menú");
		((HtmlTextArea) Pages.field(wrongStart, "Direcciones de retorno")).setText("https://movil.iess.test/cb");
		((HtmlSelect) Pages.field(wrongStart, "Entrada del menú que lo abre")).setSelectedAttribute("historia-laboral", true);
		Pages.fill(wrongStart, "Dirección de inicio del servicio", "https://otro.example/");
		HtmlPage elsewhere = Pages.press(wrongStart, "Registrar");
		assertThat(elsewhere.getWebResponse().getStatusCode()).isEqualTo(400);
		assertThat(elsewhere.getElementById("startUri-error")).isNotNull();
		assertThat(jdbc.sql("select count(*) from oauth2_registered_client where client_id = ?").param(id + "-b")
			.query(Integer.class).single()).as("all or nothing").isZero();
	}

	@Test
	void anEntryThatLaunchesAServiceIsReadOnlyOnTheCatalogueAndAPlainLinkSaysSo() {
		String id = "lectura-" + NAMES.incrementAndGet() + "-" + System.nanoTime() % 100_000;
		String entry = "entrada-" + id;
		Origin origin = Origin.staff("pruebas", null, Channel.COUNTER, null);
		catalog.add(entry, "Servicio " + id, Set.of("AFILIADO"), "/antes", origin);
		WebClient admin = staffBrowser("ADMINISTRADOR");
		HtmlPage plain = Pages.open(admin, base + "/centro/servicios/" + entry);
		assertThat(plain.asNormalizedText()).doesNotContain("se abre con ingreso único");
		assertThat(Pages.open(admin, base + "/centro/servicios").asNormalizedText()).contains("Enlace simple");

		// The service is registered and linked while the administrator still has the entry's form open.
		catalog.launchThrough(entry, id, "https://lectura.iess.test/inicio", Set.of("PENSIONISTA"), origin);
		HtmlPage refused = Pages.press(plain, "Guardar");
		assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(400);
		assertThat(refused.getElementById("resumen-errores").getTextContent()).contains("no aquí");
		assertThat(jdbc.sql("select url || ' ' || roles from services where code = ?").param(entry).query(String.class).single())
			.as("nothing changed by hand").isEqualTo("https://lectura.iess.test/inicio PENSIONISTA");
		assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> catalog.update(entry, Set.of("AFILIADO"), "/otra", origin)))
			.isInstanceOf(ec.gob.iess.clave.refusal.Refusal.class);

		HtmlPage readOnly = Pages.open(admin, base + "/centro/servicios/" + entry);
		assertThat(readOnly.asNormalizedText()).contains("se abre con ingreso único (servicio " + id + ")",
				"https://lectura.iess.test/inicio", "Pensionista");
		assertThat(readOnly.getForms()).as("no form to change it").noneMatch(f -> f.getActionAttribute().contains("/centro/servicios/"));
		assertThat(Pages.follow(readOnly, "Ver los servicios con ingreso único").getUrl().getPath()).isEqualTo("/centro/clientes");
	}

	@Test
	void onlyTheAdministratorMayListRegisterOrRemove() {
		WebClient admin = staffBrowser("ADMINISTRADOR");
		assertThat(Pages.open(admin, base + "/centro/clientes").getWebResponse().getStatusCode()).isEqualTo(200);
		String id = "protegido-" + NAMES.incrementAndGet() + "-" + System.nanoTime() % 100_000;
		HtmlPage form = Pages.open(admin, base + "/centro/clientes");
		Pages.fill(form, "Identificador del servicio (client_id)", id);
		Pages.fill(form, "Servicio", "Protegido");
		((HtmlTextArea) Pages.field(form, "Direcciones de retorno")).setText("https://protegido.iess.test/cb");
		Pages.press(form, "Registrar");

		List<NameValuePair> fields = List.of(new NameValuePair("clientId", id + "-x"), new NameValuePair("name", "x"),
				new NameValuePair("redirectUris", "https://x.iess.test/cb"), new NameValuePair("scopes", "openid"));
		for (String role : List.of("AGENTE", "SUPERVISOR")) {
			WebClient staff = staffBrowser(role);
			Page list = get(staff, "/centro/clientes");
			assertThat(CentroPages.status(list)).as(role).isEqualTo(403);
			assertThat(((HtmlPage) list).asNormalizedText()).contains("Acceso no permitido");
			String csrf = CentroPages.csrf(Pages.open(staff, base + "/centro"));
			assertThat(CentroPages.status(CentroPages.post(staff, base, "/centro/clientes", csrf, fields))).as(role).isEqualTo(403);
			assertThat(CentroPages.status(CentroPages.post(staff, base, "/centro/clientes/" + id + "/eliminar", csrf, List.of())))
				.as(role).isEqualTo(403);
			assertThat(Pages.open(staff, base + "/centro").asNormalizedText()).doesNotContain("Servicios con ingreso único");
		}
		WebClient nobody = Pages.browser();
		HtmlPage login = Pages.open(nobody, base + "/centro/ingresar");
		assertThat(CentroPages.path(get(nobody, "/centro/clientes"))).isEqualTo("/centro/ingresar");
		assertThat(CentroPages.path(CentroPages.post(nobody, base, "/centro/clientes/" + id + "/eliminar", CentroPages.csrf(login),
				List.of()))).isEqualTo("/centro/ingresar");
		assertThat(jdbc.sql("select count(*) from oauth2_registered_client where client_id in (?, ?)").params(id, id + "-x")
			.query(Integer.class).single()).as("the service is still there, no other was added").isEqualTo(1);
	}

	private HtmlPage personMenu(String cedula) {
		WebClient person = Pages.browser();
		HtmlPage login = Pages.open(person, base + "/ingresar");
		Pages.fill(login, "Número de cédula", cedula);
		Pages.fill(login, "Clave", GOOD_CLAVE);
		return Pages.press(login, "Ingresar");
	}

	private WebClient staffBrowser(String role) {
		return CentroPages.staffBrowser(api, role.toLowerCase() + "-c" + NAMES.incrementAndGet() + "-" + System.nanoTime() % 100_000,
				role, CENTER);
	}

	private Page get(WebClient browser, String path) {
		try {
			return browser.getPage(base + path);
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}
}
