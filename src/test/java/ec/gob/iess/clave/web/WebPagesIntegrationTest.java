package ec.gob.iess.clave.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MutableClock;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static ec.gob.iess.clave.support.Pages.check;
import static ec.gob.iess.clave.support.Pages.fill;
import static ec.gob.iess.clave.support.Pages.open;
import static ec.gob.iess.clave.support.Pages.press;
import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static org.assertj.core.api.Assertions.assertThat;

/** The pages as people use them, over real HTTP, and the web security of SECURITY.md 17–20. */
@ClaveIntegrationTest
class WebPagesIntegrationTest {

	static final String NEW_CLAVE = "el colibrí vuela sobre el cotopaxi";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

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
		clock.reset();
	}

	HtmlPage login(String cedula, String clave) {
		HtmlPage page = open(browser, api.base() + "/ingresar");
		fill(page, "Número de cédula", cedula);
		fill(page, "Clave", clave);
		return press(page, "Ingresar");
	}

	@Test
	void theEntryPageOffersTheFourFlowsToAseguradosAndEmpleadores() {
		HtmlPage home = open(browser, api.base() + "/");

		String text = home.asNormalizedText();
		assertThat(home.getTitleText()).isEqualTo("Trámites virtuales");
		assertThat(text).contains("Asegurados", "Afiliados, Pensionistas", "Empleadores");
		for (String flow : List.of("Ingresar", "Generar/recuperar clave", "Cambio de clave", "Desbloqueo de clave")) {
			assertThat(home.getAnchors().stream().filter(a -> a.getTextContent().strip().equals(flow))).as(flow).hasSize(2);
		}
	}

	@Test
	void theEmployerLoginAsksForTheRuc() {
		HtmlPage page = Pages.follow(open(browser, api.base() + "/"), "Ingresar");
		HtmlPage employer = open(browser, api.base() + "/ingresar?tipo=empleador");

		assertThat(page.asNormalizedText()).contains("Número de cédula");
		assertThat(employer.asNormalizedText()).contains("RUC");
	}

	@Test
	void aPersonLogsInAndSeesTheServicesOfTheirRoles() {
		String cedula = api.activePerson(agent);

		HtmlPage services = login(cedula, GOOD_CLAVE);

		assertThat(services.getUrl().getPath()).isEqualTo("/servicios");
		assertThat(services.asNormalizedText()).contains("Servicios en línea", "Historia laboral", "Cesantía",
				"Préstamos quirografarios").doesNotContain("Planillas");
	}

	@Test
	void aPensionerDoesNotSeeAfiliadoOnlyServices() {
		String cedula = TestCedulas.next();
		api.put("/api/v1/staff/persons/" + cedula, """
				{"firstNames":"Luis","lastNames":"Andrade","birthDate":"1950-02-02","fingerprintCode":"V1111V1111",
				 "roles":["PENSIONISTA"]}""", agent);
		String temporary = api.temporaryClave(agent, cedula);
		api.post("/api/v1/password/change", "{\"username\":\"" + cedula + "\",\"currentPassword\":\"" + temporary
				+ "\",\"newPassword\":\"" + GOOD_CLAVE + "\",\"acceptAgreement\":true}", null);

		HtmlPage services = login(cedula, GOOD_CLAVE);

		assertThat(services.asNormalizedText()).contains("Historia laboral").doesNotContain("Cesantía", "Fondos de reserva");
	}

	@Test
	void everyFailureShowsTheSameMessageWithRecoveryAndUnlockLinks() {
		String cedula = api.activePerson(agent);

		HtmlPage wrong = login(cedula, "no es mi clave de verdad");
		HtmlPage unknown = login(TestCedulas.next(), GOOD_CLAVE);

		assertThat(wrong.getUrl().toString()).isEqualTo(unknown.getUrl().toString()).endsWith("/ingresar");
		assertThat(wrong.getWebResponse().getStatusCode()).isEqualTo(unknown.getWebResponse().getStatusCode());
		assertThat(wrong.asNormalizedText()).contains("Número de cédula o clave incorrectos");
		assertThat(unknown.asNormalizedText().replace(unknown.getElementById("username").getAttribute("value"), "N"))
			.isEqualTo(wrong.asNormalizedText().replace(cedula, "N"));
		assertThat(wrong.getAnchorByText("Generar/recuperar clave")).isNotNull();
		assertThat(wrong.getAnchorByText("Desbloqueo de clave")).isNotNull();
	}

	@Test
	void aMalformedCedulaIsNamedOnItsField() {
		HtmlPage page = login("1714307104", GOOD_CLAVE);

		assertThat(page.asNormalizedText()).contains("El número de cédula no es válido.");
		assertThat(Pages.field(page, "Número de cédula").getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(page.getElementById("resumen-errores").getAttribute("role")).isEqualTo("alert");
	}

	@Nested
	class CambioDeClave {

		@Test
		void aTemporaryClaveLeadsToCambioDeClaveAndNothingElseUntilChanged() {
			String cedula = api.registerPerson(agent);
			String temporary = api.temporaryClave(agent, cedula);

			HtmlPage change = login(cedula, temporary);
			assertThat(change.getUrl().getPath()).isEqualTo("/cambio-clave");
			assertThat(open(browser, api.base() + "/servicios").getUrl().getPath()).isEqualTo("/cambio-clave");

			fill(change, "Nueva clave", NEW_CLAVE);
			fill(change, "Confirmar nueva clave", NEW_CLAVE);
			check(change, "He leído y acepto el acuerdo de uso de clave");
			HtmlPage services = press(change, "Cambiar clave");

			assertThat(services.getUrl().getPath()).isEqualTo("/servicios");
			assertThat(services.asNormalizedText()).contains("Su clave fue cambiada.", "Historia laboral");
			assertThat(api.status(agent, cedula)).isEqualTo("ACTIVA");
		}

		@Test
		void isOpenWithoutLoginAndThenAsksToLogIn() {
			String cedula = api.activePerson(agent);
			HtmlPage change = open(browser, api.base() + "/cambio-clave");

			fill(change, "Número de cédula o RUC", cedula);
			fill(change, "Clave actual", GOOD_CLAVE);
			fill(change, "Nueva clave", NEW_CLAVE);
			fill(change, "Confirmar nueva clave", NEW_CLAVE);
			check(change, "He leído y acepto el acuerdo de uso de clave");
			HtmlPage after = press(change, "Cambiar clave");

			assertThat(after.getUrl().getPath()).isEqualTo("/ingresar");
			assertThat(after.asNormalizedText()).contains("Su clave fue cambiada. Ingrese con su nueva clave.");
			assertThat(login(cedula, NEW_CLAVE).getUrl().getPath()).isEqualTo("/servicios");
		}

		@Test
		void showsEveryProblemWithTheFormKeptButNoClaves() {
			String cedula = api.activePerson(agent);
			HtmlPage change = open(browser, api.base() + "/cambio-clave");
			fill(change, "Número de cédula o RUC", cedula);
			fill(change, "Clave actual", GOOD_CLAVE);
			fill(change, "Nueva clave", "corta");
			fill(change, "Confirmar nueva clave", "distinta");

			HtmlPage mismatch = press(change, "Cambiar clave");
			assertThat(mismatch.asNormalizedText()).contains("La nueva clave y su confirmación no coinciden.");
			assertThat(((org.htmlunit.html.HtmlInput) Pages.field(mismatch, "Clave actual")).getValue()).isEmpty();

			fill(mismatch, "Clave actual", GOOD_CLAVE);
			fill(mismatch, "Nueva clave", "Quishpe y su clave larga");
			fill(mismatch, "Confirmar nueva clave", "Quishpe y su clave larga");
			check(mismatch, "He leído y acepto el acuerdo de uso de clave");
			HtmlPage weak = press(mismatch, "Cambiar clave");
			assertThat(weak.asNormalizedText()).contains("La nueva clave no debe contener sus nombres ni apellidos.");

			fill(weak, "Clave actual", GOOD_CLAVE);
			fill(weak, "Nueva clave", NEW_CLAVE);
			fill(weak, "Confirmar nueva clave", NEW_CLAVE);
			((org.htmlunit.html.HtmlCheckBoxInput) Pages.field(weak, "He leído y acepto el acuerdo de uso de clave"))
				.setChecked(false);
			HtmlPage noAgreement = press(weak, "Cambiar clave");
			assertThat(noAgreement.asNormalizedText()).contains("Debe aceptar el acuerdo de uso de clave.");
			assertThat(api.login(cedula, GOOD_CLAVE).statusCode()).isEqualTo(200);
		}

		@Test
		void claveFieldsLetPasswordManagersWork() {
			HtmlPage change = open(browser, api.base() + "/cambio-clave");

			assertThat(Pages.field(change, "Clave actual").getAttribute("type")).isEqualTo("password");
			assertThat(Pages.field(change, "Clave actual").getAttribute("autocomplete")).isEqualTo("current-password");
			assertThat(Pages.field(change, "Nueva clave").getAttribute("autocomplete")).isEqualTo("new-password");
			assertThat(Pages.field(change, "Confirmar nueva clave").getAttribute("autocomplete")).isEqualTo("new-password");
			assertThat(change.asXml()).doesNotContain("onpaste");
		}
	}

	@Nested
	class Sessions {

		@Test
		void theSessionCookieIsHostPrefixedSecureHttpOnlyLaxAndLong() throws Exception {
			RawSession session = RawSession.start(api.base());

			HttpResponse<String> login = session.login(api.activePerson(agent), GOOD_CLAVE);

			assertThat(RawSession.setCookie(login, "__Host-clave")).startsWith("__Host-clave=").contains("Path=/", "Secure",
					"HttpOnly", "SameSite=Lax").doesNotContain("Domain");
			String id = new String(Base64.getDecoder().decode(session.cookieValue()), StandardCharsets.US_ASCII);
			assertThat(Base64.getUrlDecoder().decode(id)).as("session id bits").hasSizeGreaterThanOrEqualTo(16);
		}

		@Test
		void theAnonymousFormsCsrfCookieIsHostPrefixedSecureHttpOnlyLaxAndSigned() throws Exception {
			RawSession session = RawSession.start(api.base());

			assertThat(session.csrfSetCookie).startsWith(CsrfTokens.COOKIE + "=").contains("Path=/", "Secure", "HttpOnly",
					"SameSite=Lax").doesNotContain("Domain", "Max-Age", "Expires");
			String[] parts = session.csrfCookie.split("\\.");
			assertThat(parts).hasSize(2);
			assertThat(Base64.getUrlDecoder().decode(parts[0])).as("token bits").hasSize(32);
			assertThat(Base64.getUrlDecoder().decode(parts[1])).as("HMAC-SHA256").hasSize(32);
		}

		@Test
		void loginGivesANewSessionIdAndTheOldOneIsWorthNothing() throws Exception {
			String cedula = api.activePerson(agent);
			RawSession session = RawSession.start(api.base());
			session.login(cedula, GOOD_CLAVE);
			String before = session.cookieValue();
			session.refreshCsrf("/ingresar");

			HttpResponse<String> response = session.login(cedula, GOOD_CLAVE);

			assertThat(response.statusCode()).isEqualTo(302);
			assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/servicios");
			String after = session.cookieValue();
			assertThat(after).isNotEqualTo(before);
			assertThat(session.getWithCookie("/servicios", before).statusCode()).isEqualTo(302);
			assertThat(session.getWithCookie("/servicios", after).statusCode()).isEqualTo(200);
		}

		@Test
		void logoutEndsTheSessionAndClearsSiteData() {
			String cedula = api.activePerson(agent);
			HtmlPage services = login(cedula, GOOD_CLAVE);

			HtmlPage after = press(services, "Salir");

			assertThat(after.getUrl().toString()).endsWith("/ingresar?salida");
			assertThat(after.getWebResponse().getWebRequest().getUrl().getPath()).isEqualTo("/ingresar");
			assertThat(open(browser, api.base() + "/servicios").getUrl().getPath()).isEqualTo("/ingresar");
			assertThat(jdbc.sql("select count(*) from spring_session where principal_name = ?").param(cedula)
				.query(Integer.class).single()).isZero();
		}

		@Test
		void logoutAnswerCarriesClearSiteData() throws Exception {
			String cedula = api.activePerson(agent);
			RawSession session = RawSession.start(api.base());
			session.login(cedula, GOOD_CLAVE);
			session.refreshCsrf("/servicios");

			HttpResponse<String> logout = session.post("/salir", "", null);

			assertThat(logout.headers().firstValue("Clear-Site-Data")).hasValue("\"cache\", \"cookies\", \"storage\"");
		}

		@Test
		void endAfterEightHoursHoweverActive() {
			String cedula = api.activePerson(agent);
			login(cedula, GOOD_CLAVE);
			clock.advance(Duration.ofHours(7).plusMinutes(59));
			assertThat(open(browser, api.base() + "/servicios").getUrl().getPath()).isEqualTo("/servicios");

			clock.advance(Duration.ofMinutes(2));

			assertThat(open(browser, api.base() + "/servicios").getUrl().getPath()).isEqualTo("/ingresar");
		}

		@Test
		void areKeptInTheDatabaseWithAFifteenMinuteIdleTimeout() {
			String cedula = api.activePerson(agent);
			login(cedula, GOOD_CLAVE);

			assertThat(jdbc.sql("select max_inactive_interval from spring_session where principal_name = ?").param(cedula)
				.query(Integer.class).list()).containsExactly(900);
		}

		@Test
		void aClaveChangeEndsTheAccountsOtherWebSessions() {
			String cedula = api.activePerson(agent);
			WebClient other = Pages.browser();
			try {
				HtmlPage otherServices = open(other, api.base() + "/ingresar");
				fill(otherServices, "Número de cédula", cedula);
				fill(otherServices, "Clave", GOOD_CLAVE);
				assertThat(press(otherServices, "Ingresar").getUrl().getPath()).isEqualTo("/servicios");

				HtmlPage change = open(browser, api.base() + "/cambio-clave");
				fill(change, "Número de cédula o RUC", cedula);
				fill(change, "Clave actual", GOOD_CLAVE);
				fill(change, "Nueva clave", NEW_CLAVE);
				fill(change, "Confirmar nueva clave", NEW_CLAVE);
				check(change, "He leído y acepto el acuerdo de uso de clave");
				press(change, "Cambiar clave");

				assertThat(open(other, api.base() + "/servicios").getUrl().getPath()).isEqualTo("/ingresar");
			}
			finally {
				other.close();
			}
		}
	}

	@Nested
	class Csrf {

		@Test
		void aFormPostWithoutTheTokenIsRefused() throws Exception {
			String cedula = api.activePerson(agent);
			RawSession session = RawSession.start(api.base());
			session.csrf = null;

			HttpResponse<String> response = session.post("/ingresar", "username=" + cedula + "&clave="
					+ URLEncoder.encode(GOOD_CLAVE, StandardCharsets.UTF_8), null);

			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(response.body()).doesNotContain("Exception", "at ec.gob");
		}

		@Test
		void aPostFromAnotherSiteIsRefusedEvenWithAToken() throws Exception {
			String cedula = api.activePerson(agent);
			RawSession session = RawSession.start(api.base());

			HttpResponse<String> response = session.post("/ingresar", "username=" + cedula + "&clave="
					+ URLEncoder.encode(GOOD_CLAVE, StandardCharsets.UTF_8), "https://evil.example");

			assertThat(response.statusCode()).isEqualTo(403);
		}

		@Test
		void aSameOriginPostWithTheTokenGoesThrough() throws Exception {
			String cedula = api.activePerson(agent);
			RawSession session = RawSession.start(api.base());

			HttpResponse<String> response = session.post("/ingresar", "username=" + cedula + "&clave="
					+ URLEncoder.encode(GOOD_CLAVE, StandardCharsets.UTF_8), TestFixtures.SITE);

			assertThat(response.statusCode()).isEqualTo(302);
		}

		@Test
		void signedInTheTokenIsTheSessionsSoTheAnonymousOneIsWorthNothing() throws Exception {
			RawSession session = RawSession.start(api.base());
			String anonymous = session.csrf;
			session.login(api.activePerson(agent), GOOD_CLAVE);

			HttpResponse<String> refused = session.post("/salir", "", null);

			assertThat(refused.statusCode()).isEqualTo(403);
			session.refreshCsrf("/servicios");
			assertThat(session.csrf).isNotEqualTo(anonymous);
			assertThat(session.post("/salir", "", null).statusCode()).isEqualTo(302);
		}

		@Test
		void anotherSessionsTokenIsRefused() throws Exception {
			RawSession mine = RawSession.start(api.base());
			mine.login(api.activePerson(agent), GOOD_CLAVE);
			RawSession theirs = RawSession.start(api.base());
			theirs.login(api.activePerson(agent), GOOD_CLAVE);
			theirs.refreshCsrf("/servicios");
			mine.csrf = theirs.csrf;

			assertThat(mine.post("/salir", "", null).statusCode()).isEqualTo(403);
		}

		@Test
		void anUnsignedOrForeignCsrfCookieIsWorthNothing() throws Exception {
			RawSession session = RawSession.start(api.base());
			String token = session.csrfCookie.substring(0, session.csrfCookie.indexOf('.'));
			String cedula = api.activePerson(agent);
			String form = "username=" + cedula + "&clave=" + URLEncoder.encode(GOOD_CLAVE, StandardCharsets.UTF_8);

			for (String forged : List.of(token, token + ".", token + ".AAAA", "x" + session.csrfCookie)) {
				session.csrfCookie = forged;
				assertThat(session.post("/ingresar", form, null).statusCode()).as(forged).isEqualTo(403);
			}
		}

		@Test
		@ExtendWith(OutputCaptureExtension.class)
		void aMalformedTokenOnAnyFormIsRefusedWithTheSpanishPageAndNoStackTrace(CapturedOutput output) throws Exception {
			// Base64 whose random half is zeros and whose masked half is 0xFF: un-masked, it is not UTF-8.
			List<String> malformed = List.of("%%%", "abc", "!!!!", "%C0%AF", "", notUtf8(36), notUtf8(43), "x".repeat(5000));
			for (String path : List.of("/ingresar", "/recuperar", "/desbloqueo", "/cambio-clave", "/recuperar/identidad",
					"/recuperar/nueva-clave", "/desbloqueo/confirmar", "/acuerdo", "/salir")) {
				for (String value : malformed) {
					AnonymousVisitsIntegrationTest.Visitor visitor = new AnonymousVisitsIntegrationTest.Visitor(api.base());
					visitor.get("/ingresar");

					HttpResponse<String> response = visitor.postRaw(path, "username=1710034065&_csrf=" + value);

					assertThat(response.statusCode()).as(path + " " + value).isIn(400, 403);
					assertThat(response.body()).as(path + " " + value)
						.containsAnyOf("Acceso no permitido", "Solicitud no válida")
						.doesNotContain("Exception", "at org.", "Whitelabel");
				}
			}
			assertThat(output.getAll()).doesNotContain("Exception", "\tat ", "%%%", "!!!!", notUtf8(36), notUtf8(43));
		}

		private static String notUtf8(int half) {
			byte[] bytes = new byte[half * 2];
			java.util.Arrays.fill(bytes, half, bytes.length, (byte) 0xFF);
			return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		}
	}

	@Nested
	class Headers {

		@Test
		void everyPageSendsTheSecurityHeaders() throws Exception {
			for (String path : List.of("/", "/ingresar", "/cambio-clave", "/acuerdo", "/no-existe")) {
				HttpResponse<String> response = RawSession.client()
					.send(HttpRequest.newBuilder(URI.create(api.base() + path)).build(), HttpResponse.BodyHandlers.ofString());
				String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
				assertThat(csp).as(path).contains("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
						"script-src 'self'").doesNotContain("unsafe-inline", "unsafe-eval");
				assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
				// same-origin, not no-referrer: under no-referrer browsers post every form with "Origin: null"
				assertThat(response.headers().firstValue("Referrer-Policy")).as(path).hasValue("same-origin");
			}
			for (String path : List.of("/recuperar/enlace?token=abc", "/desbloqueo/enlace?token=abc")) {
				HttpResponse<String> response = RawSession.client()
					.send(HttpRequest.newBuilder(URI.create(api.base() + path)).build(), HttpResponse.BodyHandlers.ofString());
				assertThat(response.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
			}
		}

		@Test
		void credentialPagesAreNotStored() throws Exception {
			for (String path : List.of("/ingresar", "/cambio-clave")) {
				HttpResponse<String> response = RawSession.client()
					.send(HttpRequest.newBuilder(URI.create(api.base() + path)).build(), HttpResponse.BodyHandlers.ofString());
				assertThat(response.headers().firstValue("Cache-Control").orElse("")).as(path).contains("no-store");
			}
		}

		@Test
		void pagesLoadNothingFromOtherOrigins() {
			for (String path : List.of("/", "/ingresar", "/cambio-clave", "/acuerdo")) {
				String html = open(browser, api.base() + path).asXml();
				Matcher links = Pattern.compile("(?:src|href|action)=\"([^\"]*)\"").matcher(html);
				while (links.find()) {
					assertThat(links.group(1)).as(path).doesNotStartWith("http").doesNotStartWith("//");
				}
				// Scripts only from our own /js/ (the "Mostrar clave" button, the captcha), never inline.
				Matcher scripts = Pattern.compile("<script([^>]*)>([^<]*)</script>").matcher(html);
				while (scripts.find()) {
					assertThat(scripts.group(1)).as(path).contains("src=\"/js/");
					assertThat(scripts.group(2)).as(path).isBlank();
				}
			}
		}

		@Test
		void anUnknownAddressGetsTheSpanish404PageWhileAKnownOneStillAsksToLogInFirst() throws Exception {
			for (String path : List.of("/no-existe", "/ingresar/x", "/desbloqueo/x/y")) {
				HtmlPage page = open(browser, api.base() + path);
				assertThat(page.getWebResponse().getStatusCode()).as(path).isEqualTo(404);
				assertThat(page.getUrl().getPath()).as(path).isEqualTo(path);
				assertThat(page.asNormalizedText()).as(path).contains("Página no encontrada")
					.doesNotContain("Exception", "Whitelabel");
				assertThat(page.getAnchorByText("Volver a Trámites virtuales").getHrefAttribute()).isEqualTo("/");
				assertThat(page.getWebResponse().getResponseHeaderValue("Content-Language")).isEqualTo("es");
			}
			HttpResponse<String> head = RawSession.client().send(HttpRequest.newBuilder(URI.create(api.base() + "/no-existe"))
				.method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
			assertThat(head.statusCode()).isEqualTo(404);
			assertThat(open(browser, api.base() + "/servicios").getUrl().getPath()).isEqualTo("/ingresar");
		}

		@Test
		void anUnknownApiPathIsProblemJsonNotFoundWhileAKnownOneStillAsksForAToken() {
			HttpResponse<String> unknown = api.get("/api/v1/no-existe", null);
			assertThat(unknown.statusCode()).isEqualTo(404);
			assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(unknown.headers().firstValue("Content-Language")).hasValue("es");
			assertThat(TestFixtures.json(unknown).get("code").asString()).isEqualTo("NOT_FOUND");

			HttpResponse<String> known = api.get("/api/v1/me", null);
			assertThat(known.statusCode()).isEqualTo(401);
			assertThat(TestFixtures.json(known).get("code").asString()).isEqualTo("UNAUTHENTICATED");
		}

		@Test
		void aRefusedFormShowsTheSpanishErrorPageWithoutDetails() throws Exception {
			RawSession session = RawSession.start(api.base());
			session.csrf = "forjado";

			HttpResponse<String> response = session.post("/ingresar", "username=1710034065&clave=x", null);

			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(response.body()).contains("Acceso no permitido").doesNotContain("Exception", "at org.", "Whitelabel");
		}
	}

	/** A cookie-and-token conversation at the HTTP level, to see headers exactly as sent. */
	static final class RawSession {

		static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

		final String base;
		/** The anonymous form's signed CSRF cookie, as first set. */
		String csrfSetCookie;
		String csrfCookie;
		/** The session cookie: none until someone signs in. */
		String cookie;
		String csrf;

		private RawSession(String base) {
			this.base = base;
		}

		static HttpClient client() {
			return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
		}

		static RawSession start(String base) throws IOException, InterruptedException {
			RawSession session = new RawSession(base);
			HttpResponse<String> page = client().send(HttpRequest.newBuilder(URI.create(base + "/ingresar")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(setCookie(page, "__Host-clave")).as("no session before login").isNull();
			session.csrfSetCookie = setCookie(page, CsrfTokens.COOKIE);
			session.csrfCookie = cookieValue(session.csrfSetCookie);
			Matcher token = CSRF.matcher(page.body());
			assertThat(token.find()).isTrue();
			session.csrf = token.group(1);
			return session;
		}

		/** The {@code Set-Cookie} header of one cookie, or {@code null}. */
		static String setCookie(HttpResponse<?> response, String name) {
			return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
				.orElse(null);
		}

		static String cookieValue(String setCookie) {
			return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
		}

		String cookieValue() {
			return cookie;
		}

		/** Signs in and keeps the new session's cookie. */
		HttpResponse<String> login(String cedula, String clave) throws IOException, InterruptedException {
			HttpResponse<String> response = post("/ingresar", "username=" + cedula + "&clave="
					+ URLEncoder.encode(clave, StandardCharsets.UTF_8), null);
			String setCookie = setCookie(response, "__Host-clave");
			if (setCookie != null) {
				cookie = cookieValue(setCookie);
			}
			return response;
		}

		void refreshCsrf(String path) throws IOException, InterruptedException {
			HttpResponse<String> page = getWithCookie(path, cookie);
			Matcher token = CSRF.matcher(page.body());
			assertThat(token.find()).as(page.body()).isTrue();
			csrf = token.group(1);
		}

		HttpResponse<String> post(String path, String form, String origin) throws IOException, InterruptedException {
			String body = csrf == null ? form : form + (form.isEmpty() ? "" : "&") + "_csrf=" + csrf;
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body));
			withCookies(request, cookie);
			if (origin != null) {
				request.header("Origin", origin);
			}
			return client().send(request.build(), HttpResponse.BodyHandlers.ofString());
		}

		HttpResponse<String> getWithCookie(String path, String value) throws IOException, InterruptedException {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
			withCookies(request, value);
			return client().send(request.build(), HttpResponse.BodyHandlers.ofString());
		}

		private void withCookies(HttpRequest.Builder request, String sessionCookie) {
			List<String> cookies = new java.util.ArrayList<>();
			if (sessionCookie != null) {
				cookies.add("__Host-clave=" + sessionCookie);
			}
			if (csrfCookie != null) {
				cookies.add(CsrfTokens.COOKIE + "=" + csrfCookie);
			}
			if (!cookies.isEmpty()) {
				request.header("Cookie", String.join("; ", cookies));
			}
		}
	}
}
