package ec.gob.iess.clave.browser;

import java.util.List;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MailServerTest;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.support.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every browser test shares: one application (one Spring context for all of them: keep the
 * configuration here), a real SMTP server, a known port, and a {@link Browser} with JavaScript, started
 * for each test. A test that needs a browser without JavaScript opens
 * {@code Browser.withoutJavaScript(BASE)} in a try-with-resources.
 */
@ClaveIntegrationTest
@TestPropertySource(properties = { "clave.captcha.max-number=20000",
		// Without JavaScript a person waits this long before pressing (decision 66): short, but a real wait.
		"clave.captcha.ticket-wait=PT3S" })
abstract class BrowserTestSupport extends MailServerTest {

	/** The browser must reach the address the emails' links name, so the server gets a known port. */
	static final int PORT = TestMailServer.freePort();

	static final String BASE = "http://localhost:" + PORT;

	/** A clave that meets the policy, for the person to choose. */
	static final String NEW_CLAVE = "el cóndor pasa sobre el chimborazo";

	@DynamicPropertySource
	static void address(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("clave.base-url", () -> BASE);
	}

	TestFixtures api;

	Browser browser;

	@BeforeEach
	void startBrowser() {
		api = new TestFixtures(PORT);
		browser = Browser.withJavaScript(BASE);
	}

	@AfterEach
	void stopBrowser() {
		browser.close();
	}

	/**
	 * A person whose clave is {@link TestFixtures#GOOD_CLAVE} and whose email {@link #email} was verified
	 * at a counter: answers the cédula.
	 */
	String verifiedPerson(String emailInitial) {
		String agent = api.agent();
		String cedula = api.activePerson(agent);
		api.verifyContact(agent, cedula, email(emailInitial, cedula));
		return cedula;
	}

	/** The person's email: the initial, the cédula, at correo.example.ec (masked: initial***last digit@c***.ec). */
	static String email(String initial, String cedula) {
		return initial + cedula + "@correo.example.ec";
	}

	/** Ingresar with {@link TestFixtures#GOOD_CLAVE}: the services menu. */
	void signIn(String cedula) {
		browser.open("/ingresar");
		browser.type("Número de cédula", cedula);
		browser.type("Clave", TestFixtures.GOOD_CLAVE);
		browser.press("Ingresar");
		assertThat(browser.text()).contains("Servicios en línea");
	}

	/** Locks the account as five wrong claves do; the lock notice is the person's first email. */
	void lock(String cedula) {
		for (int i = 0; i < 5; i++) {
			api.login(cedula, "una clave equivocada cualquiera");
		}
	}

	/** Generar/recuperar clave's first page, the number found: the identity form shows. */
	void searchForRecovery(String cedula) {
		browser.open("/recuperar");
		browser.type("Número de cédula", cedula);
		browser.solveCaptcha();
		browser.press("Buscar");
	}

	/** Fills the fields wherever a person chooses a clave: the new clave twice, and the acuerdo accepted. */
	void chooseClave(String clave) {
		browser.type("Nueva clave", clave);
		browser.type("Confirmar nueva clave", clave);
		browser.field("He leído y acepto el acuerdo de uso de clave").click();
	}

	/** The newest link to the path, exactly as the email gives it: built on clave.base-url. */
	static String linkFrom(List<MimeMessage> mails, String path) {
		for (int i = mails.size() - 1; i >= 0; i--) {
			for (String link : TestMailServer.links(mails.get(i))) {
				if (link.startsWith(BASE + path + "?token=")) {
					return link;
				}
			}
		}
		throw new AssertionError("no link to " + path);
	}
}
