package ec.gob.iess.clave.sso;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MutableClock;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.PasskeyPages;
import ec.gob.iess.clave.support.SoftAuthenticator;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.token.LinkPurpose;
import ec.gob.iess.clave.token.OneTimeLinks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.util.UriComponentsBuilder;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Clave as the OpenID Connect provider (API.md "Single sign-on", SECURITY.md 28–30), driven by a real
 * client (Spring Security's) and a browser on Clave's own pages.
 */
@ClaveIntegrationTest
class SingleSignOnIntegrationTest {

	static final String HISTORIA = "historia-laboral";
	static final String HISTORIA_SECRET = "secreto-de-pruebas-de-historia-laboral-0001";
	static final String HISTORIA_CALLBACK = "https://historia.iess.test/login/oauth2/code/clave";
	static final String HISTORIA_LOGOUT = "https://historia.iess.test/adios";
	static final String PRESTAMOS = "prestamos-app";
	static final String PRESTAMOS_CALLBACK = "https://prestamos.iess.test/callback";
	static final String PLANILLAS = "planillas";
	static final String PLANILLAS_CALLBACK = "https://planillas.iess.test/callback";

	@LocalServerPort
	int port;

	@Autowired
	ClientRegistrations registrations;

	@Autowired
	SigningKeys signingKeys;

	@Autowired
	MutableClock clock;

	@Autowired
	SsoEnding ending;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	OneTimeLinks links;

	@Autowired
	ClientSecrets secrets;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository clients;

	@Autowired
	ec.gob.iess.clave.audit.AuditLog audit;

	@Autowired
	ec.gob.iess.clave.portal.ServiceCatalog catalog;

	TestFixtures fixtures;
	String agent;
	String base;

	@BeforeEach
	void servicesAreRegistered() {
		clock.reset();
		fixtures = new TestFixtures(port);
		base = fixtures.base();
		agent = fixtures.agent();
		registrations.register(new ClientRegistrations.Registration(HISTORIA, "Historia laboral", List.of(HISTORIA_CALLBACK),
				List.of(HISTORIA_LOGOUT), null, List.of("openid", "profile", "email", "roles", "cedula"),
				List.of("AFILIADO", "PENSIONISTA"), HISTORIA_SECRET));
		registrations.register(new ClientRegistrations.Registration(PRESTAMOS, "Préstamos", List.of(PRESTAMOS_CALLBACK),
				List.of(), null, List.of("openid", "profile"), List.of("AFILIADO"), null));
		registrations.register(new ClientRegistrations.Registration(PLANILLAS, "Planillas", List.of(PLANILLAS_CALLBACK),
				List.of(), null, List.of("openid"), List.of("EMPLEADOR"), null));
	}

	RelyingParty historia() {
		return new RelyingParty(base, HISTORIA, HISTORIA_SECRET, HISTORIA_CALLBACK, "openid", "profile", "email", "roles");
	}

	RelyingParty prestamos() {
		return new RelyingParty(base, PRESTAMOS, null, PRESTAMOS_CALLBACK, "openid", "profile");
	}

	/** A browser whose visits to the services' sites are recorded (and answered by an empty page). */
	record Browser(WebClient client, RelyingParty.ServiceSites sites) {

		static Browser open() {
			WebClient client = Pages.browser();
			return new Browser(client, new RelyingParty.ServiceSites(client));
		}

		HtmlPage go(String url) {
			return Pages.open(client, url);
		}

		/** Opens the authorization request; types the clave on Ingresar if Clave asks; answers where the service got the person. */
		String authorize(String url, String cedula) {
			HtmlPage page = go(url);
			if (page.getUrl().getPath().equals("/ingresar")) {
				Pages.fill(page, "Número de cédula", cedula);
				Pages.fill(page, "Clave", TestFixtures.GOOD_CLAVE);
				Pages.press(page, "Ingresar");
			}
			return sites.last();
		}
	}

	static String parameter(String url, String name) {
		return RelyingParty.parameter(url, name);
	}

	/** The whole login through the service in this browser: what the service holds afterwards. */
	static OAuth2LoginAuthenticationToken signIn(Browser browser, RelyingParty service, String cedula) {
		OAuth2AuthorizationRequest request = service.authorizationRequest();
		return service.complete(request, browser.authorize(request.getAuthorizationRequestUri(), cedula));
	}

	static OidcIdToken idToken(OAuth2LoginAuthenticationToken login) {
		return ((OidcUser) login.getPrincipal()).getIdToken();
	}

	/** The service's single sign-on is over: its refresh token fails, and a silent request finds no session. */
	static void assertEnded(Browser browser, RelyingParty service, OAuth2LoginAuthenticationToken login) {
		assertThatThrownBy(() -> service.refresh(login.getAccessToken(), login.getRefreshToken()))
			.isInstanceOf(OAuth2AuthorizationException.class).hasMessageContaining("invalid_grant");
		browser.go(RelyingParty.withParameters(service.authorizationRequest(), Map.of("prompt", "none")));
		assertThat(parameter(browser.sites().last(), "error")).isEqualTo("login_required");
	}

	@Test
	void aServiceLetsAPersonInWithTheirClaveAndLearnsOnlyWhatItsScopesAllow() {
		String cedula = fixtures.activePerson(agent);
		fixtures.verifyContact(agent, cedula, "rosa.sso@example.ec");
		RelyingParty historia = historia();
		OAuth2AuthorizationRequest request = historia.authorizationRequest();
		Browser browser = Browser.open();

		HtmlPage ingresar = browser.go(request.getAuthorizationRequestUri());
		assertThat(ingresar.getUrl().getPath()).as("Clave's own Ingresar").isEqualTo("/ingresar");
		String callback = browser.authorize(request.getAuthorizationRequestUri(), cedula);

		assertThat(callback).startsWith(HISTORIA_CALLBACK + "?");
		assertThat(parameter(callback, "state")).isEqualTo(request.getState());
		// Spring's client verifies the ID token against the JWKS (signature, iss, aud, exp, nonce) and calls userinfo.
		OAuth2LoginAuthenticationToken login = historia.complete(request, callback);
		OidcUser person = (OidcUser) login.getPrincipal();
		OidcIdToken idToken = person.getIdToken();
		assertThat(idToken.getIssuer().toString()).isEqualTo(TestFixtures.SITE);
		assertThat(idToken.getAudience()).containsExactly(HISTORIA);
		// Spring's client sends a hash of its nonce and checks it came back; so does this.
		assertThat(idToken.getNonce()).isEqualTo(request.getAdditionalParameters().get("nonce"));
		assertThat(Duration.between(idToken.getIssuedAt(), idToken.getExpiresAt())).isEqualTo(Duration.ofMinutes(5));
		assertThat(idToken.getSubject()).doesNotContain(cedula).hasSizeGreaterThan(20);
		assertThat(idToken.getAuthenticatedAt()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
		assertThat(idToken.getAuthenticationMethods()).containsExactly("pwd");
		assertThat(idToken.getAuthenticationContextClass()).isEqualTo(SsoTokens.ACR_CLAVE);
		assertThat(idToken.getGivenName()).isEqualTo("Rosa Elena");
		assertThat(idToken.getFamilyName()).isEqualTo("Quishpe Tipán");
		assertThat(idToken.getEmail()).isEqualTo("rosa.sso@example.ec");
		assertThat(idToken.getEmailVerified()).isTrue();
		assertThat(idToken.getClaimAsStringList("roles")).containsExactly("AFILIADO");
		assertThat(idToken.getClaims()).as("no cédula without the cedula scope").doesNotContainKeys("cedula", "account_kind");
		assertThat(person.getUserInfo()).as("userinfo was called").isNotNull();
		assertThat(person.getUserInfo().getSubject()).isEqualTo(idToken.getSubject());
		assertThat(person.getUserInfo().getFullName()).isEqualTo("Rosa Elena Quishpe Tipán");
		assertThat(login.getAccessToken().getExpiresAt()).isBefore(Instant.now().plus(Duration.ofMinutes(5).plusSeconds(5)));

		// Refresh tokens rotate: the new pair works, the used refresh token never again.
		OAuth2AccessTokenResponse refreshed = historia.refresh(login.getAccessToken(), login.getRefreshToken());
		assertThat(refreshed.getRefreshToken().getTokenValue()).isNotEqualTo(login.getRefreshToken().getTokenValue());
		assertThat(userInfo(refreshed.getAccessToken().getTokenValue()).statusCode()).isEqualTo(200);
		assertThatThrownBy(() -> historia.refresh(login.getAccessToken(), login.getRefreshToken()))
			.isInstanceOf(OAuth2AuthorizationException.class).hasMessageContaining("invalid_grant");
	}

	@Test
	void theCedulaGoesOnlyToAServiceRegisteredForItsScope() {
		String cedula = fixtures.activePerson(agent);
		RelyingParty historia = new RelyingParty(base, HISTORIA, HISTORIA_SECRET, HISTORIA_CALLBACK, "openid", "cedula");
		OidcIdToken idToken = idToken(signIn(Browser.open(), historia, cedula));
		assertThat(idToken.getClaimAsString("cedula")).isEqualTo(cedula);
		assertThat(idToken.getClaimAsString("account_kind")).isEqualTo("ASEGURADO");

		OAuth2AuthorizationRequest refused = new RelyingParty(base, PRESTAMOS, null, PRESTAMOS_CALLBACK, "openid", "cedula")
			.authorizationRequest();
		String callback = Browser.open().authorize(refused.getAuthorizationRequestUri(), cedula);
		assertThat(parameter(callback, "error")).isEqualTo("invalid_scope");
		assertThat(parameter(callback, "code")).isNull();
	}

	@Test
	void twoServicesSeeDifferentSubjectsAndTheSecondNeedsNoSecondLogin() {
		String cedula = fixtures.activePerson(agent);
		Browser browser = Browser.open();
		RelyingParty historia = historia();
		String historiaSub = idToken(signIn(browser, historia, cedula)).getSubject();

		RelyingParty prestamos = prestamos();
		OAuth2AuthorizationRequest second = prestamos.authorizationRequest();
		HtmlPage page = browser.go(second.getAuthorizationRequestUri());
		assertThat(page.getUrl().getHost()).as("the Clave session is reused: no Ingresar").isEqualTo("prestamos.iess.test");
		String prestamosSub = idToken(prestamos.complete(second, browser.sites().last())).getSubject();

		assertThat(prestamosSub).isNotEqualTo(historiaSub).doesNotContain(cedula);
		String stable = idToken(signIn(browser, historia, cedula)).getSubject();
		assertThat(stable).as("stable for one service").isEqualTo(historiaSub);
	}

	@Test
	void aTemporaryClaveIsChangedFirstAndThenTheServiceIsReached() {
		String cedula = fixtures.registerPerson(agent);
		String temporary = fixtures.temporaryClave(agent, cedula);
		RelyingParty historia = historia();
		OAuth2AuthorizationRequest request = historia.authorizationRequest();
		Browser browser = Browser.open();
		HtmlPage page = browser.go(request.getAuthorizationRequestUri());
		Pages.fill(page, "Número de cédula", cedula);
		Pages.fill(page, "Clave", temporary);
		page = Pages.press(page, "Ingresar");
		assertThat(page.getUrl().getPath()).isEqualTo("/cambio-clave");
		assertThat(browser.sites().visited).isEmpty();
		Pages.fill(page, "Nueva clave", TestFixtures.GOOD_CLAVE);
		Pages.fill(page, "Confirmar nueva clave", TestFixtures.GOOD_CLAVE);
		Pages.check(page, "He leído y acepto el acuerdo de uso de clave");
		Pages.press(page, "Cambiar clave");

		assertThat(browser.sites().last()).startsWith(HISTORIA_CALLBACK + "?code=");
		assertThat(historia.complete(request, browser.sites().last()).getPrincipal()).isInstanceOf(OidcUser.class);
	}

	/** A passkey (device-bound: "hwk"; synced: "swk") says so in {@code amr}; the session's clave is "pwd". */
	@Test
	void aServiceLearnsFromAmrThatThePersonUsedAPasskey() {
		String cedula = fixtures.activePerson(agent);
		SoftAuthenticator phone = new SoftAuthenticator(TestFixtures.SITE, false);
		try (WebClient owner = Pages.browser()) {
			HtmlPage login = Pages.open(owner, base + "/ingresar");
			Pages.fill(login, "Número de cédula", cedula);
			Pages.fill(login, "Clave", TestFixtures.GOOD_CLAVE);
			Pages.press(login, "Ingresar");
			HtmlPage page = Pages.open(owner, base + "/seguridad/llave-nueva");
			assertThat(PasskeyPages.register(owner, page, phone, "Teléfono").getStatusCode()).isEqualTo(200);
		}
		RelyingParty historia = historia();
		OAuth2AuthorizationRequest request = historia.authorizationRequest();
		Browser browser = Browser.open();
		HtmlPage ingresar = browser.go(request.getAuthorizationRequestUri());
		assertThat(ingresar.getUrl().getPath()).isEqualTo("/ingresar");
		phone.counter(1);
		org.htmlunit.WebResponse in = PasskeyPages.login(browser.client(), ingresar, phone);
		assertThat(in.getStatusCode()).as(in.getContentAsString()).isEqualTo(200);
		browser.go(base + PasskeyPages.json(in).get("redirect").asString());

		OidcIdToken idToken = idToken(historia.complete(request, browser.sites().last()));
		assertThat(idToken.getAuthenticationMethods()).containsExactly("hwk", "user");
		assertThat(idToken.getAuthenticatedAt()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
	}

	@Test
	void promptLoginAsksForTheClaveAgainEvenWithASession() {
		String cedula = fixtures.activePerson(agent);
		Browser browser = Browser.open();
		RelyingParty historia = historia();
		OAuth2AuthorizationRequest first = historia.authorizationRequest();
		browser.authorize(first.getAuthorizationRequestUri(), cedula);

		OAuth2AuthorizationRequest second = historia.authorizationRequest();
		String url = RelyingParty.withParameters(second, Map.of("prompt", "login"));
		HtmlPage page = browser.go(url);
		assertThat(page.getUrl().getPath()).isEqualTo("/ingresar");
		String callback = browser.authorize(url, cedula);
		assertThat(parameter(callback, "code")).isNotNull();
		assertThat(parameter(callback, "state")).isEqualTo(second.getState());
	}

	@Test
	void maxAgeOlderThanTheClaveTypedAsksForItAgain() {
		String cedula = fixtures.activePerson(agent);
		Browser browser = Browser.open();
		OAuth2AuthorizationRequest first = historia().authorizationRequest();
		browser.authorize(first.getAuthorizationRequestUri(), cedula);
		clock.advance(Duration.ofMinutes(2));

		HtmlPage page = browser.go(RelyingParty.withParameters(historia().authorizationRequest(), Map.of("max_age", "60")));
		assertThat(page.getUrl().getPath()).isEqualTo("/ingresar");
		page = browser.go(RelyingParty.withParameters(historia().authorizationRequest(), Map.of("max_age", "600")));
		assertThat(page.getUrl().getHost()).isEqualTo("historia.iess.test");
	}

	@Test
	void aPersonWhoseRolesTheServiceDoesNotServeIsRefusedWithAccessDenied() {
		String cedula = fixtures.activePerson(agent);
		RelyingParty planillas = new RelyingParty(base, PLANILLAS, null, PLANILLAS_CALLBACK, "openid");
		OAuth2AuthorizationRequest request = planillas.authorizationRequest();
		String callback = Browser.open().authorize(request.getAuthorizationRequestUri(), cedula);
		assertThat(parameter(callback, "error")).isEqualTo("access_denied");
		assertThat(parameter(callback, "state")).isEqualTo(request.getState());
		assertThat(parameter(callback, "code")).isNull();
	}

	@Test
	void anAuthorizationRequestWithoutPkceIsRefused() {
		OAuth2AuthorizationRequest request = historia().authorizationRequest();
		String url = UriComponentsBuilder.fromUriString(request.getAuthorizationRequestUri())
			.replaceQueryParam(PkceParameterNames.CODE_CHALLENGE)
			.replaceQueryParam(PkceParameterNames.CODE_CHALLENGE_METHOD)
			.build(true)
			.toUriString();
		Browser browser = Browser.open();
		browser.go(url);
		assertThat(parameter(browser.sites().last(), "error")).isEqualTo("invalid_request");
		assertThat(parameter(browser.sites().last(), "code")).isNull();
	}

	@Test
	void plainPkceIsRefused() {
		OAuth2AuthorizationRequest request = historia().authorizationRequest();
		String url = UriComponentsBuilder.fromUriString(request.getAuthorizationRequestUri())
			.replaceQueryParam(PkceParameterNames.CODE_CHALLENGE_METHOD, "plain")
			.build(true)
			.toUriString();
		Browser browser = Browser.open();
		browser.go(url);
		assertThat(parameter(browser.sites().last(), "error")).isEqualTo("invalid_request");
	}

	@Test
	void anUnregisteredRedirectUriOrClientGetsASpanishPageAndNoRedirect() {
		OAuth2AuthorizationRequest request = historia().authorizationRequest();
		Browser browser = Browser.open();
		for (String url : List.of(
				UriComponentsBuilder.fromUriString(request.getAuthorizationRequestUri())
					.replaceQueryParam("redirect_uri", "https://ladron.example/callback").build(true).toUriString(),
				UriComponentsBuilder.fromUriString(request.getAuthorizationRequestUri())
					.replaceQueryParam("redirect_uri", HISTORIA_CALLBACK + "/otro").build(true).toUriString(),
				UriComponentsBuilder.fromUriString(request.getAuthorizationRequestUri())
					.replaceQueryParam("client_id", "desconocido").build(true).toUriString())) {
			HtmlPage page = browser.go(url);
			assertThat(page.getWebResponse().getStatusCode()).as(url + "\n" + page.asNormalizedText()).isEqualTo(400);
			assertThat(page.asNormalizedText()).contains("Solicitud de ingreso no válida");
		}
		assertThat(browser.sites().visited).as("never sent anywhere").isEmpty();
	}

	@Test
	void aWrongCodeVerifierIsRefused() {
		String cedula = fixtures.activePerson(agent);
		OAuth2AuthorizationRequest request = historia().authorizationRequest();
		String code = parameter(Browser.open().authorize(request.getAuthorizationRequestUri(), cedula), "code");
		HttpResponse<String> answer = token(HISTORIA_SECRET, exchange(code, "x".repeat(64)));
		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.body()).contains("invalid_grant");
	}

	@Test
	void aWrongClientSecretIsRefused() {
		String cedula = fixtures.activePerson(agent);
		OAuth2AuthorizationRequest request = historia().authorizationRequest();
		String code = parameter(Browser.open().authorize(request.getAuthorizationRequestUri(), cedula), "code");
		HttpResponse<String> answer = token("otro-secreto-que-no-es-el-registrado-000000", exchange(code, verifier(request)));
		assertThat(answer.statusCode()).isEqualTo(401);
		assertThat(answer.body()).contains("invalid_client");
	}

	@Test
	void aCodeWorksOnceAndItsSecondUseRevokesWhatTheFirstIssued() {
		String cedula = fixtures.activePerson(agent);
		OAuth2AuthorizationRequest request = historia().authorizationRequest();
		String code = parameter(Browser.open().authorize(request.getAuthorizationRequestUri(), cedula), "code");
		String exchange = exchange(code, verifier(request));
		HttpResponse<String> first = token(HISTORIA_SECRET, exchange);
		assertThat(first.statusCode()).as(exchange + " → " + first.body()).isEqualTo(200);
		JsonNode tokens = TestFixtures.json(first);
		assertThat(userInfo(tokens.get("access_token").asString()).statusCode()).isEqualTo(200);

		HttpResponse<String> second = token(HISTORIA_SECRET, exchange);
		assertThat(second.statusCode()).isEqualTo(400);
		assertThat(second.body()).contains("invalid_grant");
		assertThat(userInfo(tokens.get("access_token").asString()).statusCode()).isEqualTo(401);
		assertThat(token(HISTORIA_SECRET, "grant_type=refresh_token&refresh_token=" + tokens.get("refresh_token").asString())
			.statusCode()).isEqualTo(400);
	}

	@Test
	void anExpiredCodeIsRefused() {
		String cedula = fixtures.activePerson(agent);
		Browser browser = Browser.open();
		browser.authorize(historia().authorizationRequest().getAuthorizationRequestUri(), cedula);
		// The code is issued on the application's clock: issued two minutes ago, its minute is over.
		clock.advance(Duration.ofMinutes(-2));
		OAuth2AuthorizationRequest request = historia().authorizationRequest();
		String code = parameter(browser.authorize(request.getAuthorizationRequestUri(), cedula), "code");
		clock.reset();
		HttpResponse<String> answer = token(HISTORIA_SECRET, exchange(code, verifier(request)));
		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.body()).contains("invalid_grant");
	}

	@Test
	void promptNoneWithoutASessionAnswersLoginRequired() {
		OAuth2AuthorizationRequest request = historia().authorizationRequest();
		Browser browser = Browser.open();
		browser.go(RelyingParty.withParameters(request, Map.of("prompt", "none")));
		assertThat(parameter(browser.sites().last(), "error")).isEqualTo("login_required");
		assertThat(parameter(browser.sites().last(), "state")).isEqualTo(request.getState());
	}

	@Test
	void afterAClaveChangeRefreshFailsAndPromptNoneAnswersLoginRequired() {
		String cedula = fixtures.activePerson(agent);
		Browser browser = Browser.open();
		RelyingParty historia = historia();
		OAuth2LoginAuthenticationToken login = signIn(browser, historia, cedula);

		HttpResponse<String> changed = fixtures.post("/api/v1/password/change", "{\"username\":\"" + cedula
				+ "\",\"currentPassword\":" + TestFixtures.quote(TestFixtures.GOOD_CLAVE) + ",\"newPassword\":"
				+ TestFixtures.quote("otra clave larga de montaña 77") + ",\"acceptAgreement\":true}", null);
		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);

		assertThat(userInfo(login.getAccessToken().getTokenValue()).statusCode()).isEqualTo(401);
		assertEnded(browser, historia, login);
	}

	/**
	 * The other ways a clave ends (SECURITY.md 30): a reset by an emailed link, a suspension, a temporary clave,
	 * and the owner's "No fui yo".
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "reset", "suspension", "temporary clave", "no fui yo" })
	void whenTheClaveEndsOtherwiseRefreshFailsAndPromptNoneAnswersLoginRequired(String how) {
		String cedula = fixtures.activePerson(agent);
		Browser browser = Browser.open();
		RelyingParty historia = historia();
		OAuth2LoginAuthenticationToken login = signIn(browser, historia, cedula);

		switch (how) {
			case "reset" -> {
				String token = transactions.execute(status -> links.issue(cedula, LinkPurpose.RECOVERY, Duration.ofMinutes(15)));
				HttpResponse<String> reset = fixtures.post("/api/v1/password/reset", "{\"token\":" + TestFixtures.quote(token)
						+ ",\"newPassword\":" + TestFixtures.quote("otra clave larga de montaña 77")
						+ ",\"acceptAgreement\":true}", null);
				assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);
			}
			case "suspension" -> {
				HttpResponse<String> suspended = fixtures.post("/api/v1/staff/persons/" + cedula + "/suspend",
						"{\"reason\":\"Denuncia de suplantación\"}", agent);
				assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(204);
			}
			case "no fui yo" -> {
				String bearer = TestFixtures.json(fixtures.login(cedula, TestFixtures.GOOD_CLAVE)).get("accessToken").asString();
				assertThat(fixtures.post("/api/v1/me/fraud-report", null, bearer).statusCode()).isEqualTo(204);
			}
			default -> fixtures.temporaryClave(agent, cedula);
		}

		assertThat(userInfo(login.getAccessToken().getTokenValue()).statusCode()).isEqualTo(401);
		assertEnded(browser, historia, login);
	}

	/** Mi seguridad lists each service's session by name; closing one ends that service's alone (PRODUCT.md §4.7a). */
	@Test
	void miSeguridadClosesOneServicesSessionAlone() throws Exception {
		String cedula = fixtures.activePerson(agent);
		Browser browser = Browser.open();
		OAuth2LoginAuthenticationToken historia = signIn(browser, historia(), cedula);
		OAuth2LoginAuthenticationToken prestamos = signIn(browser, prestamos(), cedula);

		HtmlPage page = browser.go(base + "/seguridad");
		assertThat(page.asNormalizedText()).contains("Servicio del IESS: Historia laboral", "Servicio del IESS: Préstamos");
		HtmlPage closed = null;
		for (var item : page.getElementsByTagName("li")) {
			if (item.getTextContent().contains("Historia laboral")) {
				closed = ((org.htmlunit.html.HtmlButton) item.getElementsByTagName("button").get(0)).click();
			}
		}
		assertThat(closed).isNotNull();
		assertThat(closed.asNormalizedText()).contains("La sesión fue cerrada.").doesNotContain("Historia laboral");
		assertThat(userInfo(historia.getAccessToken().getTokenValue()).statusCode()).isEqualTo(401);
		assertThat(userInfo(prestamos.getAccessToken().getTokenValue()).statusCode()).isEqualTo(200);

		String bearer = TestFixtures.json(fixtures.login(cedula, TestFixtures.GOOD_CLAVE)).get("accessToken").asString();
		var sessions = TestFixtures.json(fixtures.get("/api/v1/me/security", bearer)).get("sessions");
		String prestamosId = null;
		for (int i = 0; i < sessions.size(); i++) {
			if (sessions.get(i).get("kind").asString().equals("SSO")) {
				assertThat(prestamosId).isNull();
				assertThat(sessions.get(i).get("service").asString()).isEqualTo("Préstamos");
				prestamosId = sessions.get(i).get("id").asString();
			}
		}
		HttpResponse<String> deleted = RelyingParty.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/me/sessions/"
				+ prestamosId)).header("Authorization", "Bearer " + bearer).DELETE());
		assertThat(deleted.statusCode()).isEqualTo(204);
		assertThat(userInfo(prestamos.getAccessToken().getTokenValue()).statusCode()).isEqualTo(401);
		assertThat(fixtures.get("/api/v1/me", bearer).statusCode()).isEqualTo(200);
	}

	@Test
	void afterSalirRefreshFailsAndPromptNoneAnswersLoginRequired() {
		String cedula = fixtures.activePerson(agent);
		Browser browser = Browser.open();
		RelyingParty historia = historia();
		OAuth2LoginAuthenticationToken login = signIn(browser, historia, cedula);

		Pages.press(browser.go(base + "/servicios"), "Salir");

		assertEnded(browser, historia, login);
	}

	@Test
	void aServiceEndsTheSessionWithTheIdTokenAndAnExactPostLogoutAddress() {
		String cedula = fixtures.activePerson(agent);
		Browser browser = Browser.open();
		RelyingParty historia = historia();
		OAuth2LoginAuthenticationToken login = signIn(browser, historia, cedula);
		String idToken = idToken(login).getTokenValue();

		HtmlPage refused = browser.go(base + "/connect/logout?id_token_hint=" + idToken
				+ "&post_logout_redirect_uri=https://historia.iess.test/otra");
		assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(400);
		assertThat(browser.sites().last()).startsWith(HISTORIA_CALLBACK);

		browser.go(base + "/connect/logout?id_token_hint=" + idToken + "&post_logout_redirect_uri=" + HISTORIA_LOGOUT
				+ "&state=adios-1");
		assertThat(browser.sites().last()).isEqualTo(HISTORIA_LOGOUT + "?state=adios-1");
		assertThat(browser.go(base + "/servicios").getUrl().getPath()).as("the Clave session ended too").isEqualTo("/ingresar");
		assertEnded(browser, historia, login);
	}

	@Test
	void aRotatedKeyStaysInTheJwksUntilTheTokensItSignedHaveExpired() {
		String cedula = fixtures.activePerson(agent);
		Browser browser = Browser.open();
		RelyingParty historia = historia();
		String before = idToken(signIn(browser, historia, cedula)).getTokenValue();

		String newKid = signingKeys.rotate();

		Jwt old = historia.jwksDecoder().decode(before);
		assertThat(old.getHeaders().get("kid")).isNotEqualTo(newKid);
		OidcIdToken after = idToken(signIn(browser, historia, cedula));
		assertThat(historia.jwksDecoder().decode(after.getTokenValue()).getHeaders().get("kid")).isEqualTo(newKid);
		assertThat(jwksKids()).contains(newKid, (String) old.getHeaders().get("kid"));

		clock.advance(Duration.ofHours(2));
		assertThat(jwksKids()).containsExactly(newKid);
	}

	@Test
	void authorizationsAreDeletedASessionLengthAfterTheirLastTokenExpired() {
		String cedula = fixtures.activePerson(agent);
		signIn(Browser.open(), historia(), cedula);
		String count = "select count(*) from oauth2_authorization where principal_name = ?";
		ending.deleteSpent();
		assertThat(jdbc.sql(count).param(cedula).query(Integer.class).single()).isEqualTo(1);

		clock.advance(Duration.ofHours(17));
		ending.deleteSpent();
		assertThat(jdbc.sql(count).param(cedula).query(Integer.class).single()).isZero();
	}

	@Test
	void salirSendsABackChannelLogoutTokenToTheServicesThatAskedForOne() throws Exception {
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		HttpServer service = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		service.createContext("/backchannel", exchange -> {
			received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		service.start();
		try {
			String callback = "https://historia-bc.iess.test/cb";
			registrations.register(new ClientRegistrations.Registration("historia-bc", "Historia (back-channel)",
					List.of(callback), List.of(), "http://localhost:" + service.getAddress().getPort() + "/backchannel",
					List.of("openid"), List.of(), HISTORIA_SECRET));
			String cedula = fixtures.activePerson(agent);
			Browser browser = Browser.open();
			RelyingParty historia = new RelyingParty(base, "historia-bc", HISTORIA_SECRET, callback, "openid");
			OidcIdToken idToken = idToken(signIn(browser, historia, cedula));
			signIn(browser, prestamos(), cedula);

			Pages.press(browser.go(base + "/servicios"), "Salir");

			String body = received.poll(20, TimeUnit.SECONDS);
			assertThat(body).as("the logout token arrived").startsWith("logout_token=");
			Jwt logout = historia.logoutTokenDecoder().decode(URLDecoder.decode(body.substring("logout_token=".length()),
					StandardCharsets.UTF_8));
			assertThat(logout.getHeaders()).containsEntry("typ", "logout+jwt");
			assertThat(logout.getIssuer().toString()).isEqualTo(TestFixtures.SITE);
			assertThat(logout.getAudience()).containsExactly("historia-bc");
			assertThat(logout.getSubject()).isEqualTo(idToken.getSubject());
			assertThat(logout.getClaimAsMap("events")).containsKey(BackChannelLogout.EVENT);
			assertThat(logout.getClaims()).containsKey("jti").doesNotContainKeys("nonce", "sid");
			assertThat(received.poll(3, TimeUnit.SECONDS)).as("one token, to the one service that asked").isNull();
			assertThat(jdbc.sql("select count(*) from sso_logout_deliveries").query(Integer.class).single()).isZero();
		}
		finally {
			service.stop(0);
			registrations.remove("historia-bc", ec.gob.iess.clave.audit.Origin.staff("pruebas", null,
					ec.gob.iess.clave.audit.Channel.COUNTER, null));
		}
	}

	@Test
	void servicesDeclaredInConfigurationAreRegisteredAndRegisteredAgain() {
		SsoSettings.Client declared = new SsoSettings.Client(null, List.of("https://configurado.iess.test/cb"), null, null,
				List.of("openid", "profile"), List.of("PENSIONISTA"), null);
		SsoSettings settings = new SsoSettings(null, null, null, null, null, null, Map.of("configurado", declared));
		ClientRegistrations fromConfiguration = new ClientRegistrations(clients, settings, jdbc, audit, clock, catalog, secrets);
		fromConfiguration.registerConfigured();
		fromConfiguration.registerConfigured();

		ClientRegistrations.Registered registered = registrations.list().stream()
			.filter(client -> client.clientId().equals("configurado")).findFirst().orElseThrow();
		assertThat(registered.name()).isEqualTo("configurado");
		assertThat(registered.confidential()).isFalse();
		assertThat(registered.roles()).containsExactly("PENSIONISTA");
		Browser browser = Browser.open();
		browser.go(base + "/oauth2/authorize?response_type=code&client_id=configurado&scope=openid&prompt=none&state=s1"
				+ "&redirect_uri=https://configurado.iess.test/cb&code_challenge=" + "a".repeat(43) + "&code_challenge_method=S256");
		assertThat(browser.sites().last()).startsWith("https://configurado.iess.test/cb?error=login_required&");
		assertThat(parameter(browser.sites().last(), "state")).isEqualTo("s1");
	}

	@Test
	void discoveryListsEveryEndpointAndOnlyTheCodeFlowWithS256() {
		JsonNode discovery = TestFixtures.json(fixtures.get("/.well-known/openid-configuration", null));
		assertThat(discovery.get("issuer").asString()).isEqualTo(TestFixtures.SITE);
		for (String endpoint : List.of("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint",
				"revocation_endpoint", "end_session_endpoint")) {
			assertThat(discovery.get(endpoint).asString()).as(endpoint).startsWith(TestFixtures.SITE + "/");
		}
		assertThat(discovery.get("response_types_supported").toString()).isEqualTo("[\"code\"]");
		assertThat(discovery.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
		assertThat(discovery.get("id_token_signing_alg_values_supported").toString()).isEqualTo("[\"ES256\"]");
		assertThat(discovery.get("backchannel_logout_supported").asBoolean()).isTrue();
		assertThat(discovery.get("grant_types_supported").toString()).isEqualTo("[\"authorization_code\",\"refresh_token\"]");
	}

	private List<String> jwksKids() {
		JsonNode keys = TestFixtures.json(fixtures.get("/oauth2/jwks", null)).get("keys");
		return keys.valueStream().map(key -> key.get("kid").asString()).toList();
	}

	/** The token request's form for a code, as the service's back end sends it. */
	private static String exchange(String code, String verifier) {
		return "grant_type=authorization_code&code=" + code + "&redirect_uri=" + HISTORIA_CALLBACK + "&code_verifier=" + verifier;
	}

	private static String verifier(OAuth2AuthorizationRequest request) {
		return (String) request.getAttributes().get(PkceParameterNames.CODE_VERIFIER);
	}

	private HttpResponse<String> token(String secret, String form) {
		String basic = Base64.getEncoder().encodeToString((HISTORIA + ":" + secret).getBytes(StandardCharsets.UTF_8));
		return RelyingParty.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization", "Basic " + basic)
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	private HttpResponse<String> userInfo(String accessToken) {
		return RelyingParty.send(HttpRequest.newBuilder(URI.create(base + "/userinfo")).header("Authorization", "Bearer " + accessToken).GET());
	}
}
