package ec.gob.iess.clave.counter;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

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
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administrator's staff page with TOTP required, as in production (the context of
 * {@link CentroLoginIntegrationTest}): a user created on the page enrols the secret by QR code at the first
 * login, and one whose code was reset enrols a new secret at the next; the page never shows a secret.
 */
@ClaveIntegrationTest
@TestPropertySource(properties = { "clave.staff.totp-required=true", "server.forward-headers-strategy=native",
		"server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1|0:0:0:0:0:0:0:1" })
class CentroAdminTotpIntegrationTest {

	static final String CENTER = "CAU Cuenca";
	private static final AtomicInteger NAMES = new AtomicInteger();

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	StaffTotpSecrets secrets;

	String base;

	@BeforeEach
	void setUp() {
		base = new TestFixtures(port).base();
	}

	@Test
	void aUserCreatedOnThePageEnrolsByQrCodeAtTheFirstLogin() {
		WebClient admin = administrator();
		String username = "cuenca-" + NAMES.incrementAndGet() + "-" + System.nanoTime() % 100_000;
		HtmlPage created = createOnPage(admin, username, "Agente");
		assertThat(created.asNormalizedText()).contains("El usuario " + username + " quedó creado",
				"configurará el código de verificación");
		assertThat(created.getWebResponse().getContentAsString()).doesNotContain(secretOf(username));

		HtmlPage enrolment = CentroPages.login(Pages.browser(), base, username, TestFixtures.STAFF_PASSWORD, null);

		assertThat(CentroPages.path(enrolment)).isEqualTo("/centro/activar");
		assertThat(CentroPages.has(enrolment, ".qr-code svg path")).isTrue();
		assertThat(enrolment.getElementById("secreto").getTextContent().replace(" ", "")).isEqualTo(secretOf(username));
		Pages.fill(enrolment, "Código que muestra la aplicación", freshCode(secretOf(username)));
		assertThat(CentroPages.path(Pages.press(enrolment, "Confirmar y entrar"))).isEqualTo("/centro");
	}

	@Test
	void aResetCodeIsEnrolledAgainAtTheNextLoginAndTheOldOneNoLongerWorks() {
		WebClient admin = administrator();
		String username = "reinicio-" + NAMES.incrementAndGet() + "-" + System.nanoTime() % 100_000;
		createOnPage(admin, username, "Supervisor");
		String oldSecret = secretOf(username);
		WebClient staff = Pages.browser();
		HtmlPage enrolment = CentroPages.login(staff, base, username, TestFixtures.STAFF_PASSWORD, null);
		Pages.fill(enrolment, "Código que muestra la aplicación", freshCode(oldSecret));
		assertThat(CentroPages.path(Pages.press(enrolment, "Confirmar y entrar"))).isEqualTo("/centro");
		assertThat(rowOf(Pages.open(admin, base + "/centro/personal"), username)).contains("Configurado");

		HtmlPage reset = CentroPages.pressInRow(Pages.open(admin, base + "/centro/personal"), username, "Restablecer código");

		assertThat(reset.asNormalizedText())
			.contains("El código de verificación de " + username + " quedó restablecido");
		assertThat(rowOf(reset, username)).contains("Se configura en el próximo ingreso");
		assertThat(jdbc.sql("select count(*) from audit_events where type = 'STAFF_TOTP_RESET' and detail = ?")
			.param(username).query(Integer.class).single()).isEqualTo(1);
		assertThat(Pages.open(staff, base + "/centro").getUrl().getPath()).as("the open session ended")
			.isEqualTo("/centro/ingresar");
		String newSecret = secretOf(username);
		assertThat(newSecret).isNotEqualTo(oldSecret);
		var oldCode = new TestFixtures(port).postFrom("198.18.90." + NAMES.incrementAndGet(), "/api/v1/staff/login",
				"{\"username\":" + TestFixtures.quote(username) + ",\"password\":" + TestFixtures.quote(TestFixtures.STAFF_PASSWORD)
						+ ",\"totp\":" + TestFixtures.quote(freshCode(oldSecret)) + "}");
		assertThat(oldCode.statusCode()).as("the old app's code").isEqualTo(401);

		HtmlPage again = CentroPages.login(Pages.browser(), base, username, TestFixtures.STAFF_PASSWORD, null);

		assertThat(CentroPages.path(again)).isEqualTo("/centro/activar");
		assertThat(again.getElementById("secreto").getTextContent().replace(" ", "")).isEqualTo(newSecret);
		Pages.fill(again, "Código que muestra la aplicación", freshCode(newSecret));
		assertThat(CentroPages.path(Pages.press(again, "Confirmar y entrar"))).isEqualTo("/centro");
	}

	/** Fills and sends the new user form of the staff page: the list after it. */
	private HtmlPage createOnPage(WebClient admin, String username, String role) {
		HtmlPage page = Pages.open(admin, base + "/centro/personal");
		Pages.fill(page, "Usuario", username);
		Pages.fill(page, "Contraseña inicial", TestFixtures.STAFF_PASSWORD);
		Pages.check(page, role);
		Pages.fill(page, "Centro de atención", CENTER);
		return Pages.press(page, "Crear usuario");
	}

	/** The bootstrap administrator, signed in on the pages with a code of the published test secret. */
	private WebClient administrator() {
		WebClient admin = Pages.browser();
		HtmlPage home = CentroPages.login(admin, base, ADMIN, ADMIN_PASSWORD, freshCode(ADMIN_TOTP));
		assertThat(CentroPages.path(home)).as(home.asNormalizedText()).isEqualTo("/centro");
		return admin;
	}

	/** The secret as stored, opened by the application's own key: what the QR code carries. */
	private String secretOf(String username) {
		return secrets.open(username, jdbc.sql("select totp_secret from staff_users where username = ?").param(username)
			.query(String.class).single());
	}

	private String freshCode(String secret) {
		clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
		return Totp.code(secret, clock.instant());
	}

	private static String rowOf(HtmlPage page, String username) {
		return page.querySelectorAll("tbody tr").stream().map(row -> row.asNormalizedText())
			.filter(text -> text.startsWith(username)).findFirst().orElseThrow();
	}
}
