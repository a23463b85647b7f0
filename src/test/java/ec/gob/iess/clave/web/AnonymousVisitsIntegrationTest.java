package ec.gob.iess.clave.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.TestFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Looking at a page writes nothing: anonymous forms carry a signed CSRF cookie instead of a session row,
 * so a load tool cannot fill the session table and a visit costs no write. A login still makes one.
 */
@ClaveIntegrationTest
class AnonymousVisitsIntegrationTest {

	/** Enough that a write per view shows as hundreds of rows; few enough to run in seconds on both databases. */
	static final int VISITS = 50;

	/** Every page open without login, the first step of each form flow and the pages a link or a step leads to. */
	static final List<String> ANONYMOUS_PAGES = List.of("/", "/ingresar", "/ingresar?tipo=empleador", "/recuperar",
			"/recuperar?tipo=empleador", "/desbloqueo", "/desbloqueo?tipo=empleador", "/cambio-clave", "/acuerdo",
			"/recuperar/identidad", "/recuperar/nueva-clave", "/desbloqueo/confirmar",
			"/recuperar/enlace?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
			"/desbloqueo/enlace?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "/servicios", "/no-existe");

	static final List<String> FORM_PAGES = List.of("/ingresar", "/recuperar", "/desbloqueo", "/cambio-clave");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	TestFixtures api;
	long start;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		start = System.currentTimeMillis() - 1000;
	}

	long newSessions() {
		return jdbc.sql("select count(*) from spring_session where creation_time >= ?").param(start)
			.query(Long.class).single();
	}

	@Test
	void anonymousPageViewsWriteNoSession() throws Exception {
		for (String path : ANONYMOUS_PAGES) {
			for (int i = 0; i < VISITS; i++) {
				HttpResponse<String> page = Visitor.client()
					.send(HttpRequest.newBuilder(URI.create(api.base() + path)).build(), HttpResponse.BodyHandlers.ofString());
				if (path.equals("/no-existe")) {
					assertThat(page.statusCode()).as(path).isEqualTo(404);
				}
				else {
					assertThat(page.statusCode()).as(path).isIn(200, 302);
				}
			}
		}

		assertThat(newSessions()).isZero();
	}

	@Test
	void aBrowserThatKeepsItsCookiesWritesNoSessionEither() throws Exception {
		Visitor visitor = new Visitor(api.base());
		for (String path : ANONYMOUS_PAGES) {
			for (int i = 0; i < VISITS / 10; i++) {
				visitor.get(path);
			}
		}

		assertThat(newSessions()).isZero();
	}

	@Test
	void everyFormPageStillCarriesACsrfToken() throws Exception {
		for (String path : FORM_PAGES) {
			Visitor visitor = new Visitor(api.base());

			visitor.get(path);

			assertThat(visitor.csrf).as(path).isNotBlank();
		}
	}

	@Test
	void refusedFirstStepsOfEveryFlowWriteNoSession() throws Exception {
		String cedula = api.activePerson(api.agent());
		for (int i = 0; i < VISITS / 10; i++) {
			Visitor visitor = new Visitor(api.base());
			visitor.get("/ingresar");
			assertThat(visitor.post("/ingresar", Map.of("username", cedula, "clave", "una clave equivocada cualquiera"))
				.body()).contains("Número de cédula o clave incorrectos");
			visitor.get("/recuperar");
			assertThat(visitor.post("/recuperar", Map.of("username", cedula, "captcha", "")).statusCode()).isEqualTo(200);
			visitor.get("/desbloqueo");
			assertThat(visitor.post("/desbloqueo", Map.of("username", cedula, "captcha", "")).statusCode()).isEqualTo(200);
			visitor.get("/cambio-clave");
			assertThat(visitor.post("/cambio-clave", Map.of("username", cedula, "claveActual", "x", "nuevaClave", "a",
					"confirmarClave", "b")).statusCode()).isEqualTo(200);
		}

		assertThat(newSessions()).isZero();
	}

	@Test
	void aLoginCreatesExactlyOneSession() throws Exception {
		String cedula = api.activePerson(api.agent());
		Visitor visitor = new Visitor(api.base());
		visitor.get("/");
		visitor.get("/ingresar");

		HttpResponse<String> login = visitor.post("/ingresar", Map.of("username", cedula, "clave", GOOD_CLAVE));

		assertThat(login.headers().firstValue("Location").orElse("")).endsWith("/servicios");
		assertThat(visitor.get("/servicios").statusCode()).isEqualTo(200);
		assertThat(newSessions()).isOne();
		assertThat(jdbc.sql("select count(*) from spring_session where creation_time >= ? and principal_name = ?")
			.params(start, cedula).query(Long.class).single()).isOne();
	}

	/** A visitor at the HTTP level that keeps its cookies (Secure ones too, over the test's plain HTTP). */
	static final class Visitor {

		static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

		final String base;
		final Map<String, String> cookies = new LinkedHashMap<>();
		String csrf;

		Visitor(String base) {
			this.base = base;
		}

		static HttpClient client() {
			return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
		}

		HttpResponse<String> get(String path) throws IOException, InterruptedException {
			return remember(client().send(withCookies(HttpRequest.newBuilder(URI.create(base + path))).build(),
					HttpResponse.BodyHandlers.ofString()));
		}

		HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
			String body = form.entrySet().stream()
				.map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&")) + "&_csrf=" + csrf;
			return postRaw(path, body);
		}

		HttpResponse<String> postRaw(String path, String body) throws IOException, InterruptedException {
			return remember(client().send(withCookies(HttpRequest.newBuilder(URI.create(base + path)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString()));
		}

		private HttpRequest.Builder withCookies(HttpRequest.Builder request) {
			if (!cookies.isEmpty()) {
				request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
					.collect(Collectors.joining("; ")));
			}
			return request;
		}

		private HttpResponse<String> remember(HttpResponse<String> response) {
			for (String setCookie : response.headers().allValues("Set-Cookie")) {
				String pair = setCookie.split(";", 2)[0];
				String name = pair.substring(0, pair.indexOf('='));
				String value = pair.substring(pair.indexOf('=') + 1);
				if (value.isEmpty() || setCookie.contains("Max-Age=0")) {
					cookies.remove(name);
				}
				else {
					cookies.put(name, value);
				}
			}
			Matcher token = CSRF.matcher(response.body());
			if (token.find()) {
				csrf = token.group(1);
			}
			return response;
		}
	}
}
