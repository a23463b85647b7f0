package ec.gob.iess.clave.credential;

import java.sql.Timestamp;
import java.time.Instant;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestFixtures;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static ec.gob.iess.clave.support.Pages.fill;
import static ec.gob.iess.clave.support.Pages.open;
import static ec.gob.iess.clave.support.Pages.press;
import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static org.assertj.core.api.Assertions.assertThat;

/** A new version of the acuerdo de uso de clave is asked for at the next login (PRODUCT.md §4.5). */
@ClaveIntegrationTest
@TestPropertySource(properties = "clave.test.context=agreement-version")
class AgreementVersionIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aNewVersionIsAcceptedAtTheNextLoginBeforeTheServices() {
		TestFixtures api = new TestFixtures(port);
		String cedula = api.activePerson(api.agent());
		jdbc.sql("insert into agreements (version, body, published_at) values (2, ?, ?)")
			.params("Versión 2 del acuerdo: la clave es personal e intransferible.", Timestamp.from(Instant.now()))
			.update();

		try (WebClient browser = Pages.browser()) {
			HtmlPage login = open(browser, api.base() + "/ingresar");
			fill(login, "Número de cédula", cedula);
			fill(login, "Clave", GOOD_CLAVE);
			HtmlPage agreement = press(login, "Ingresar");

			assertThat(agreement.getUrl().getPath()).isEqualTo("/acuerdo");
			assertThat(agreement.asNormalizedText()).contains("Versión 2 del acuerdo");
			assertThat(open(browser, api.base() + "/servicios").getUrl().getPath()).isEqualTo("/acuerdo");
			assertThat(open(browser, api.base() + "/datos").getUrl().getPath()).isEqualTo("/acuerdo");
			assertThat(open(browser, api.base() + "/seguridad").getUrl().getPath()).isEqualTo("/acuerdo");

			HtmlPage refused = press(agreement, "Aceptar");
			assertThat(refused.asNormalizedText()).contains("Debe aceptar el acuerdo de uso de clave.");

			Pages.check(refused, "He leído y acepto el acuerdo de uso de clave");
			HtmlPage services = press(refused, "Aceptar");
			assertThat(services.getUrl().getPath()).isEqualTo("/servicios");
		}
		assertThat(jdbc.sql("select max(version) from agreement_acceptances where username = ?").param(cedula)
			.query(Integer.class).single()).isEqualTo(2);
		assertThat(jdbc.sql("select count(*) from audit_events where account = ? and type = 'AGREEMENT_ACCEPTED'")
			.param(cedula).query(Integer.class).single()).isEqualTo(2);
	}
}
