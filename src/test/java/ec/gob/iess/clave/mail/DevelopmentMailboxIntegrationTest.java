package ec.gob.iess.clave.mail;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestDatabase;
import ec.gob.iess.clave.support.TestFixtures;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static ec.gob.iess.clave.support.Pages.fill;
import static ec.gob.iess.clave.support.Pages.open;
import static ec.gob.iess.clave.support.Pages.press;
import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Without {@code spring.mail.host} nothing is sent: messages are delivered to the development mailbox,
 * whose page {@code /dev/correos} exists only in the embedded default (H2), PRODUCT.md §4.9 and §6.
 */
@ClaveIntegrationTest
class DevelopmentMailboxIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	Mailer mailer;

	@Autowired
	MailLinks links;

	TestFixtures api;
	String agent;
	WebClient browser;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		agent = api.agent();
		browser = Pages.browser();
	}

	@AfterEach
	void tearDown() {
		browser.close();
	}

	@Test
	void withoutAMailServerMessagesAreDeliveredToTheDevelopmentMailbox() throws InterruptedException {
		String cedula = api.registerPerson(agent);
		String email = "buzon." + System.nanoTime() + "@correo.test";
		api.verifyContact(agent, cedula, email);

		api.temporaryClave(agent, cedula);

		Map<String, Object> row = awaitDelivered(email, MailKind.TEMPORARY_PASSWORD_ISSUED);
		assertThat(row.get("kind")).isEqualTo("TEMPORARY_PASSWORD_ISSUED");
		assertThat(row.get("delivered_via")).isEqualTo("DEVELOPMENT_MAILBOX");
		assertThat(row.get("attempts")).isEqualTo(0);
	}

	@Test
	void theEmbeddedDefaultListsTheMessagesNewestFirstWithClickableLinks() throws InterruptedException {
		assumeTrue("h2".equals(TestDatabase.kind()), "the page exists only with the embedded database");
		String cedula = api.registerPerson(agent);
		String email = "pagina." + System.nanoTime() + "@correo.test";
		api.verifyContact(agent, cedula, email);
		api.temporaryClave(agent, cedula);
		awaitDelivered(email, MailKind.TEMPORARY_PASSWORD_ISSUED);
		String link = links.link("/recuperar/clave", "token-de-prueba-" + System.nanoTime());
		transactions.executeWithoutResult(status -> mailer.queue(email, MailKind.RECOVERY_LINK,
				Map.of("names", "Rosa Elena Quishpe Tipán", "link", link, "validMinutes", 15)));

		HtmlPage page = open(browser, api.base() + "/dev/correos");

		assertThat(page.getWebResponse().getStatusCode()).isEqualTo(200);
		assertThat(page.getTitleText()).isEqualTo("Buzón de desarrollo");
		String text = page.asNormalizedText();
		assertThat(text).contains(email, "Para", "Fecha", "(hora de Ecuador)", "Se emitió una clave temporal",
				"Dónde: CAU Quito Norte");
		assertThat(text.indexOf("Genere su nueva clave del IESS"))
			.as("newest first")
			.isNotNegative()
			.isLessThan(text.indexOf("Se emitió una clave temporal para su cuenta del IESS"));
		List<HtmlAnchor> anchors = page.getAnchors().stream().filter(a -> a.getHrefAttribute().equals(link)).toList();
		assertThat(anchors).singleElement().satisfies(a -> assertThat(a.getTextContent()).isEqualTo(link));
	}

	@Test
	void withPostgresqlThePageDoesNotExist() {
		assumeTrue("postgres".equals(TestDatabase.kind()), "PostgreSQL is production: no development mailbox page");

		HtmlPage anonymous = open(browser, api.base() + "/dev/correos");
		assertThat(anonymous.getWebResponse().getStatusCode()).as("like any unknown page").isEqualTo(404);
		assertThat(anonymous.asNormalizedText()).doesNotContain("Buzón de desarrollo");

		String cedula = api.activePerson(agent);
		HtmlPage login = open(browser, api.base() + "/ingresar");
		fill(login, "Número de cédula", cedula);
		fill(login, "Clave", GOOD_CLAVE);
		assertThat(press(login, "Ingresar").getUrl().getPath()).isEqualTo("/servicios");
		HtmlPage signedIn = open(browser, api.base() + "/dev/correos");

		assertThat(signedIn.getWebResponse().getStatusCode()).isEqualTo(404);
		assertThat(signedIn.asNormalizedText()).doesNotContain("Buzón de desarrollo");
	}

	private Map<String, Object> awaitDelivered(String email, MailKind kind) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
		while (System.nanoTime() < deadline) {
			List<Map<String, Object>> rows = jdbc
				.sql("""
						select kind, delivered_via, attempts from mail_outbox
						where recipient = ? and kind = ? and sent_at is not null""")
				.params(email, kind.name())
				.query()
				.listOfRows();
			if (!rows.isEmpty()) {
				return rows.get(0).entrySet().stream().collect(java.util.HashMap::new,
						(m, e) -> m.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()), Map::putAll);
			}
			Thread.sleep(50);
		}
		throw new AssertionError(kind + " not delivered to the development mailbox within 2 s: " + email);
	}
}
