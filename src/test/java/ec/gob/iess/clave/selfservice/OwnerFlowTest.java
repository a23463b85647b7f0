package ec.gob.iess.clave.selfservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import ec.gob.iess.clave.support.MailServerTest;
import ec.gob.iess.clave.support.MutableClock;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestFixtures;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

/** What the tests of the owner's own account share: the running application, its clock, an agent, a browser. */
abstract class OwnerFlowTest extends MailServerTest {

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcClient jdbc;

	TestFixtures api;
	String agent;
	final WebClient browser = Pages.browser();

	@BeforeEach
	void setUpOwner() {
		api = new TestFixtures(port);
		agent = api.agent();
	}

	@AfterEach
	void tearDownOwner() {
		clock.reset();
		browser.close();
	}

	/** Ingresar in this browser as the person, with {@link TestFixtures#GOOD_CLAVE}: the services menu. */
	HtmlPage webLogin(WebClient client, String cedula) {
		HtmlPage login = Pages.open(client, api.base() + "/ingresar");
		Pages.fill(login, "Número de cédula", cedula);
		Pages.fill(login, "Clave", GOOD_CLAVE);
		HtmlPage services = Pages.press(login, "Ingresar");
		assertThat(services.getUrl().getPath()).isEqualTo("/servicios");
		return services;
	}

	/** A bearer token of the person, logged in with {@link TestFixtures#GOOD_CLAVE}. */
	String bearer(String cedula) {
		HttpResponse<String> login = api.login(cedula, GOOD_CLAVE);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		return json(login).get("accessToken").asString();
	}

	/** {@code GET /api/v1/me/security} with the person's token: Mi seguridad through the API. */
	JsonNode security(String token) {
		HttpResponse<String> answer = api.get("/api/v1/me/security", token);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return json(answer);
	}

	/** A DELETE through the API with the token. */
	HttpResponse<String> delete(String path, String token) {
		try {
			return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + path)).DELETE()
				.header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}
