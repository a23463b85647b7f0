package ec.gob.iess.clave.sso;

import java.io.IOException;
import java.net.URL;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.htmlunit.StringWebResponse;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.util.WebConnectionWrapper;

import ec.gob.iess.clave.support.TestFixtures;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A service that lets people in with Clave, built on Spring Security's OAuth2 client as a real one is: the
 * authorization request (state, nonce, PKCE) from Spring's resolver, the code exchanged and the ID token
 * verified (signature against the JWKS, {@code iss}, {@code aud}, {@code exp}, {@code nonce}) and userinfo
 * called by Spring's OpenID Connect login provider. Only its addresses differ from production: Clave's
 * issuer is {@link TestFixtures#SITE}, reached at the test port.
 */
final class RelyingParty {

	final ClientRegistration registration;
	private final DefaultOAuth2AuthorizationRequestResolver requests;
	private final OidcAuthorizationCodeAuthenticationProvider login;

	RelyingParty(String base, String clientId, String secret, String redirectUri, String... scopes) {
		ClientRegistration.Builder builder = ClientRegistration.withRegistrationId(clientId)
			.clientId(clientId)
			.clientAuthenticationMethod(secret == null ? ClientAuthenticationMethod.NONE : ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(redirectUri)
			.scope(scopes)
			.issuerUri(TestFixtures.SITE)
			.authorizationUri(base + "/oauth2/authorize")
			.tokenUri(base + "/oauth2/token")
			.jwkSetUri(base + "/oauth2/jwks")
			.userInfoUri(base + "/userinfo")
			.userNameAttributeName("sub");
		if (secret != null) {
			builder.clientSecret(secret);
		}
		this.registration = builder.build();
		this.requests = new DefaultOAuth2AuthorizationRequestResolver(new InMemoryClientRegistrationRepository(registration),
				"/oauth2/authorization");
		// Public clients get PKCE from Spring anyway; Clave wants it from confidential ones too.
		requests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
		this.login = new OidcAuthorizationCodeAuthenticationProvider(new RestClientAuthorizationCodeTokenResponseClient(),
				new OidcUserService());
		OidcIdTokenDecoderFactory decoders = new OidcIdTokenDecoderFactory();
		decoders.setJwsAlgorithmResolver(client -> SignatureAlgorithm.ES256);
		login.setJwtDecoderFactory(decoders);
	}

	OAuth2AuthorizationRequest authorizationRequest() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/oauth2/authorization/" + registration.getRegistrationId());
		request.setServletPath(request.getRequestURI());
		return requests.resolve(request);
	}

	/** The request with more parameters ({@code prompt}, {@code max_age}…). */
	static String withParameters(OAuth2AuthorizationRequest request, Map<String, String> parameters) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(request.getAuthorizationRequestUri());
		parameters.forEach(uri::queryParam);
		return uri.build(true).toUriString();
	}

	/** What the service does at its redirect address: exchange the code, verify the ID token, call userinfo. */
	OAuth2LoginAuthenticationToken complete(OAuth2AuthorizationRequest request, String callback) {
		OAuth2AuthorizationResponse response = OAuth2AuthorizationResponse.success(parameter(callback, "code"))
			.state(parameter(callback, "state"))
			.redirectUri(request.getRedirectUri())
			.build();
		return (OAuth2LoginAuthenticationToken) login.authenticate(
				new OAuth2LoginAuthenticationToken(registration, new OAuth2AuthorizationExchange(request, response)));
	}

	/** A parameter of the address Clave sent the browser to, decoded. */
	static String parameter(String url, String name) {
		String value = UriComponentsBuilder.fromUriString(url).build().getQueryParams().getFirst(name);
		return value == null ? null : URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	OAuth2AccessTokenResponse refresh(OAuth2AccessToken accessToken, OAuth2RefreshToken refreshToken) {
		return new RestClientRefreshTokenTokenResponseClient()
			.getTokenResponse(new OAuth2RefreshTokenGrantRequest(registration, accessToken, refreshToken));
	}

	/** A plain HTTP call, as a service's back end makes it. */
	static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** The JWKS as a service reads it, for tokens signed by any key it publishes. */
	JwtDecoder jwksDecoder() {
		return NimbusJwtDecoder.withJwkSetUri(registration.getProviderDetails().getJwkSetUri())
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.build();
	}

	/** Logout tokens (OpenID Connect Back-Channel Logout 1.0): the JWKS, our issuer, and their own {@code typ}. */
	JwtDecoder logoutTokenDecoder() {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(registration.getProviderDetails().getJwkSetUri())
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
				new JwtIssuerValidator(TestFixtures.SITE), new JwtTypeValidator("logout+jwt")));
		return decoder;
	}

	/**
	 * The browser's view of the services' sites: a request to any host but Clave's (the test port on localhost)
	 * is answered by an empty page and remembered, so a test sees where Clave sent the person — and whether it
	 * sent them anywhere.
	 */
	static final class ServiceSites extends WebConnectionWrapper {

		final List<URL> visited = new ArrayList<>();

		ServiceSites(WebClient browser) {
			super(browser);
		}

		@Override
		public WebResponse getResponse(WebRequest request) throws IOException {
			if (!"localhost".equals(request.getUrl().getHost())) {
				visited.add(request.getUrl());
				return new StringWebResponse("<html><body>servicio</body></html>", request.getUrl());
			}
			return super.getResponse(request);
		}

		String last() {
			return visited.isEmpty() ? null : visited.get(visited.size() - 1).toString();
		}
	}
}
