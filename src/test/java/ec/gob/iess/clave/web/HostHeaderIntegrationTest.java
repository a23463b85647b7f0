package ec.gob.iess.clave.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.RawHttp;
import ec.gob.iess.clave.support.RawHttp.Answer;
import ec.gob.iess.clave.support.TestFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request's {@code Host} and {@code X-Forwarded-Host} are chosen by whoever sends it: no
 * redirect and no origin check may depend on them; only {@code clave.base-url} names the site
 * (SECURITY.md 13, 18). Over a raw socket, since HTTP clients do not let a caller set {@code Host}.
 */
@ClaveIntegrationTest
class HostHeaderIntegrationTest {

	static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	static final String FORGED = "Host: evil.example\r\nX-Forwarded-Host: evil.example";

	@LocalServerPort
	int port;

	TestFixtures api;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
	}

	/** A cookie and the form's CSRF token from {@code GET /ingresar}, asked for under the forged Host. */
	record Session(String cookie, String csrf) {
	}

	Session session() {
		return session(port, FORGED);
	}

	static Session session(int port, String hostHeaders) {
		Answer page = RawHttp.send(port, "GET /ingresar HTTP/1.1\r\n" + hostHeaders, null);
		String setCookie = page.header("Set-Cookie").orElseThrow();
		Matcher token = CSRF.matcher(page.body());
		assertThat(token.find()).as(page.body()).isTrue();
		return new Session(setCookie.substring(0, setCookie.indexOf(';')), token.group(1));
	}

	Answer post(String path, Session session, String form, String hostHeaders, String origin) {
		return post(port, path, session, form, hostHeaders, origin);
	}

	static Answer post(int port, String path, Session session, String form, String hostHeaders, String origin) {
		String body = form + (form.isEmpty() ? "" : "&") + "_csrf=" + URLEncoder.encode(session.csrf(), StandardCharsets.UTF_8);
		return RawHttp.send(port, "POST " + path + " HTTP/1.1\r\n" + hostHeaders + "\r\nCookie: " + session.cookie()
				+ "\r\nContent-Type: application/x-www-form-urlencoded" + (origin == null ? "" : "\r\nOrigin: " + origin), body);
	}

	static String form(String cedula, String clave) {
		return "username=" + cedula + "&clave=" + URLEncoder.encode(clave, StandardCharsets.UTF_8);
	}

	static void isPathOnly(Answer answer, String path) {
		assertThat(answer.status()).as(answer.body()).isIn(302, 303);
		assertThat(answer.header("Location")).hasValue(path);
	}

	@Test
	void theLoginRedirectNamesNoHostFromTheRequest() {
		isPathOnly(RawHttp.send(port, "GET /servicios HTTP/1.1\r\n" + FORGED, null), "/ingresar");
		isPathOnly(RawHttp.send(port, "GET /servicios HTTP/1.1\r\nHost: localhost:" + port + "\r\nX-Forwarded-Host: evil.example", null),
				"/ingresar");
		// HTTP/1.0 is where Tomcat turns a relative redirect into an absolute one built from Host.
		isPathOnly(RawHttp.send(port, "GET /servicios HTTP/1.0\r\n" + FORGED, null), "/ingresar");
	}

	@Test
	void theRedirectsAfterLoginAndLogoutNameNoHostFromTheRequest() {
		String agent = api.agent();
		String cedula = api.activePerson(agent);

		Answer refused = post("/ingresar", session(), form(cedula, "una clave que no es la suya"), FORGED, null);
		assertThat(refused.body()).contains("Número de cédula o clave incorrectos").doesNotContain("evil");
		Answer login = post("/ingresar", session(), form(cedula, GOOD_CLAVE), FORGED, null);
		assertThat(login.header("Location").orElse("")).as(login.body()).startsWith("/").doesNotStartWith("//")
			.doesNotContain("evil");

		String setCookie = login.headers().stream()
			.filter(header -> header[0].equalsIgnoreCase("Set-Cookie") && header[1].startsWith("__Host-clave="))
			.map(header -> header[1]).findFirst().orElseThrow();
		String cookie = setCookie.substring(0, setCookie.indexOf(';'));
		Answer page = RawHttp.send(port, "GET /servicios HTTP/1.1\r\n" + FORGED + "\r\nCookie: " + cookie, null);
		Matcher token = CSRF.matcher(page.body());
		assertThat(token.find()).as(page.body()).isTrue();
		isPathOnly(post("/salir", new Session(cookie, token.group(1)), "", FORGED, null), "/ingresar?salida");
	}

	@Test
	void aPostWhoseOriginIsTheForgedHostIsRefused() {
		String agent = api.agent();
		String cedula = api.activePerson(agent);

		Answer forgedHost = post("/ingresar", session(), form(cedula, GOOD_CLAVE), "Host: evil.example", "http://evil.example");
		Answer forgedForwardedHost = post("/ingresar", session(), form(cedula, GOOD_CLAVE),
				"Host: localhost:" + port + "\r\nX-Forwarded-Host: evil.example", "http://evil.example");

		assertThat(forgedHost.status()).isEqualTo(403);
		assertThat(forgedForwardedHost.status()).isEqualTo(403);
	}

	@Test
	void onlyTheBaseUrlsOriginIsAcceptedWhateverTheHost() {
		String agent = api.agent();
		String cedula = api.activePerson(agent);

		Answer fromTheSite = post("/ingresar", session(), form(cedula, GOOD_CLAVE), FORGED, "https://clave.iess.test");
		Answer fromTheServersOwnAddress = post("/ingresar", session(), form(cedula, GOOD_CLAVE),
				"Host: localhost:" + port, "http://localhost:" + port);

		assertThat(fromTheSite.status()).isEqualTo(302);
		assertThat(fromTheServersOwnAddress.status()).isEqualTo(403);
	}
}
