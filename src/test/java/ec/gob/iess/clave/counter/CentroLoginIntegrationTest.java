package ec.gob.iess.clave.counter;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MutableClock;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestFixtures;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static ec.gob.iess.clave.support.TestFixtures.ADMIN;
import static ec.gob.iess.clave.support.TestFixtures.ADMIN_PASSWORD;
import static ec.gob.iess.clave.support.TestFixtures.ADMIN_TOTP;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staff log in to the back office's pages with password and TOTP, and enrol the TOTP secret by QR code at
 * the first login (PRODUCT.md §4.8, SECURITY.md 22 and 32). The production setting
 * ({@code clave.staff.totp-required=true}), in the context of {@link StaffTotpIntegrationTest}: the clock
 * only moves forward, one 30-second step before each code.
 */
@ClaveIntegrationTest
@TestPropertySource(properties = { "clave.staff.totp-required=true", "server.forward-headers-strategy=native",
		"server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1|0:0:0:0:0:0:0:1" })
class CentroLoginIntegrationTest {

	static final String CENTER = "CAU Quito Norte";
	private static final AtomicInteger SOURCES = new AtomicInteger();

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

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
	void theFirstLoginShowsTheQrCodeAndTheSecretAndOnlyACurrentCodeEnters() {
		Staff staff = newStaff("AGENTE");
		WebClient browser = Pages.browser();

		HtmlPage enrolment = CentroPages.login(browser, base, staff.username(), TestFixtures.STAFF_PASSWORD, null);

		assertThat(CentroPages.path(enrolment)).isEqualTo("/centro/activar");
		assertThat(enrolment.getTitleText()).isEqualTo("Configure su código de verificación");
		assertThat(CentroPages.has(enrolment, ".qr-code svg path")).as("a QR code drawn as inline SVG").isTrue();
		assertThat(((org.htmlunit.html.DomElement) enrolment.querySelector(".qr-code svg")).getAttribute("aria-label")).isNotBlank();
		assertThat(enrolment.getElementById("secreto").getTextContent().replace(" ", "")).isEqualTo(staff.secret());
		assertThat(enrolment.getWebResponse().getResponseHeaderValue("Cache-Control")).contains("no-store");
		assertThat(audited("STAFF_TOTP_ENROLMENT_STARTED", staff.username())).isEqualTo(1);
		assertThat(Pages.open(browser, base + "/centro").getUrl().getPath()).as("not signed in yet")
			.isEqualTo("/centro/ingresar");

		HtmlPage enrolmentAgain = Pages.open(browser, base + "/centro/activar");
		Pages.fill(enrolmentAgain, "Código que muestra la aplicación", wrong(freshCode(staff.secret())));
		HtmlPage refused = Pages.press(enrolmentAgain, "Confirmar y entrar");
		assertThat(CentroPages.path(refused)).isEqualTo("/centro/activar");
		assertThat(refused.asNormalizedText()).contains("El código no es correcto");
		assertThat(CentroPages.has(refused, ".qr-code svg")).isTrue();

		Pages.fill(refused, "Código que muestra la aplicación", freshCode(staff.secret()));
		HtmlPage home = Pages.press(refused, "Confirmar y entrar");
		assertThat(CentroPages.path(home)).isEqualTo("/centro");
		assertThat(home.asNormalizedText()).contains("Su código de verificación quedó configurado", staff.username(), CENTER);
		assertThat(audited("STAFF_TOTP_ENROLLED", staff.username())).isEqualTo(1);

		WebClient second = Pages.browser();
		HtmlPage withoutCode = CentroPages.login(second, base, staff.username(), TestFixtures.STAFF_PASSWORD, null);
		assertThat(CentroPages.path(withoutCode)).as("the QR code is never shown again").isEqualTo("/centro/ingresar");
		assertThat(withoutCode.asNormalizedText()).contains("Usuario, contraseña o código de verificación incorrectos.")
			.doesNotContain(staff.secret());
		assertThat(Pages.open(second, base + "/centro/activar").getUrl().getPath()).isEqualTo("/centro/ingresar");
		HtmlPage entered = CentroPages.login(second, base, staff.username(), TestFixtures.STAFF_PASSWORD,
				freshCode(staff.secret()));
		assertThat(CentroPages.path(entered)).isEqualTo("/centro");
	}

	@Test
	void aWrongPasswordNeverShowsTheQrCode() {
		Staff staff = newStaff("AGENTE");

		HtmlPage refused = CentroPages.login(Pages.browser(), base, staff.username(), "no es la contraseña", null);

		assertThat(CentroPages.path(refused)).isEqualTo("/centro/ingresar");
		assertThat(CentroPages.has(refused, ".qr-code")).isFalse();
		assertThat(refused.asNormalizedText()).doesNotContain(staff.secret());
	}

	@Test
	void aCodeFromTheApiAlsoEnrolsTheSecret() {
		Staff staff = newStaff("AGENTE");
		assertThat(apiLogin(staff.username(), TestFixtures.STAFF_PASSWORD, freshCode(staff.secret())).statusCode())
			.isEqualTo(200);

		HtmlPage withoutCode = CentroPages.login(Pages.browser(), base, staff.username(), TestFixtures.STAFF_PASSWORD, null);

		assertThat(CentroPages.path(withoutCode)).isEqualTo("/centro/ingresar");
		assertThat(CentroPages.has(withoutCode, ".qr-code")).isFalse();
	}

	@Test
	void everyLoginFailureAnswersTheSamePage() {
		Staff staff = enrolledStaff("AGENTE");
		String code = freshCode(staff.secret());

		List<HtmlPage> answers = List.of(
				CentroPages.login(Pages.browser(), base, staff.username(), "no es la contraseña", code),
				CentroPages.login(Pages.browser(), base, "nadie-con-este-nombre", TestFixtures.STAFF_PASSWORD, code),
				CentroPages.login(Pages.browser(), base, staff.username(), TestFixtures.STAFF_PASSWORD, wrong(code)),
				CentroPages.login(Pages.browser(), base, staff.username(), TestFixtures.STAFF_PASSWORD, null));

		for (HtmlPage answer : answers) {
			assertThat(CentroPages.path(answer)).isEqualTo("/centro/ingresar");
			assertThat(CentroPages.status(answer)).isEqualTo(200);
			assertThat(answer.getElementById("resumen-errores").getTextContent().strip())
				.isEqualTo(answers.get(0).getElementById("resumen-errores").getTextContent().strip());
			assertThat(withoutToken(answer)).isEqualTo(withoutToken(answers.get(0)));
		}
		assertThat(answers.get(0).asNormalizedText()).contains("Usuario, contraseña o código de verificación incorrectos.");
	}

	@Test
	void aCodeAlreadyUsedIsNamedAfterTheRightPassword() {
		Staff staff = enrolledStaff("AGENTE");
		String code = freshCode(staff.secret());
		assertThat(CentroPages.path(CentroPages.login(Pages.browser(), base, staff.username(), TestFixtures.STAFF_PASSWORD,
				code))).isEqualTo("/centro");

		HtmlPage replay = CentroPages.login(Pages.browser(), base, staff.username(), TestFixtures.STAFF_PASSWORD, code);

		assertThat(CentroPages.path(replay)).isEqualTo("/centro/ingresar");
		assertThat(replay.asNormalizedText()).contains("El código de verificación ya fue usado. Espere el siguiente código");
	}

	@Test
	void aStaffSessionHasItsOwnCookieThatReachesNoPersonPage() {
		Staff staff = enrolledStaff("AGENTE");
		WebClient browser = Pages.browser();

		CentroPages.login(browser, base, staff.username(), TestFixtures.STAFF_PASSWORD, freshCode(staff.secret()));

		assertThat(browser.getCookieManager().getCookie("__Host-clave-centro")).isNotNull();
		assertThat(browser.getCookieManager().getCookie("__Host-clave")).as("no people's session").isNull();
		assertThat(Pages.open(browser, base + "/servicios").getUrl().getPath()).isEqualTo("/ingresar");
		assertThat(Pages.open(browser, base + "/centro").getUrl().getPath()).isEqualTo("/centro");
	}

	@Test
	void logoutEndsTheStaffSession() {
		Staff staff = enrolledStaff("SUPERVISOR");
		WebClient browser = Pages.browser();
		HtmlPage home = CentroPages.login(browser, base, staff.username(), TestFixtures.STAFF_PASSWORD,
				freshCode(staff.secret()));

		HtmlPage out = Pages.press(home, "Salir");

		assertThat(CentroPages.path(out)).isEqualTo("/centro/ingresar");
		assertThat(out.getWebResponse().getWebRequest().getUrl().getQuery()).isEqualTo("salida");
		assertThat(Pages.open(browser, base + "/centro").getUrl().getPath()).isEqualTo("/centro/ingresar");
	}

	@Test
	void theLoginFormNeedsItsCsrfToken() {
		Staff staff = enrolledStaff("AGENTE");
		WebClient browser = Pages.browser();
		Pages.open(browser, base + "/centro/ingresar");
		int before = audited("STAFF_LOGIN_SUCCEEDED", staff.username());

		Page refused = CentroPages.post(browser, base, "/centro/ingresar", null,
				List.of(new org.htmlunit.util.NameValuePair("username", staff.username()),
						new org.htmlunit.util.NameValuePair("password", TestFixtures.STAFF_PASSWORD),
						new org.htmlunit.util.NameValuePair("totp", freshCode(staff.secret()))));

		assertThat(CentroPages.status(refused)).isEqualTo(403);
		assertThat(audited("STAFF_LOGIN_SUCCEEDED", staff.username())).isEqualTo(before);
	}

	/** The page's text without the per-page masked CSRF token. */
	private static String withoutToken(HtmlPage page) {
		return page.getWebResponse().getContentAsString().replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "")
			.replaceAll("value=\"[^\"]*\"", "");
	}

	record Staff(String username, String secret) {
	}

	Staff newStaff(String role) {
		String username = role.toLowerCase() + "-cau-" + System.nanoTime() % 10_000_000;
		HttpResponse<String> created = api.post("/api/v1/staff/users", "{\"username\":" + quote(username) + ",\"password\":"
				+ quote(TestFixtures.STAFF_PASSWORD) + ",\"roles\":[\"" + role + "\"],\"center\":" + quote(CENTER) + "}",
				adminToken());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return new Staff(username, json(created).get("totpSecret").asString());
	}

	Staff enrolledStaff(String role) {
		Staff staff = newStaff(role);
		assertThat(apiLogin(staff.username(), TestFixtures.STAFF_PASSWORD, freshCode(staff.secret())).statusCode())
			.isEqualTo(200);
		return staff;
	}

	String adminToken() {
		HttpResponse<String> response = apiLogin(ADMIN, ADMIN_PASSWORD, freshCode(ADMIN_TOTP));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response).get("accessToken").asString();
	}

	HttpResponse<String> apiLogin(String username, String password, String totp) {
		int n = SOURCES.incrementAndGet();
		return api.postFrom("198.19." + (n / 250) + "." + (n % 250 + 1), "/api/v1/staff/login", "{\"username\":"
				+ quote(username) + ",\"password\":" + quote(password) + ",\"totp\":" + quote(totp) + "}");
	}

	String freshCode(String secret) {
		clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
		return Totp.code(secret, clock.instant());
	}

	static String wrong(String code) {
		return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
	}

	int audited(String type, String actor) {
		return jdbc.sql("select count(*) from audit_events where type = ? and actor like ?").params(type, actor + "%")
			.query(Integer.class).single();
	}
}
