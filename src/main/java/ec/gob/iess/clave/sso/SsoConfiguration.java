package ec.gob.iess.clave.sso;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import ec.gob.iess.clave.session.AbsoluteTimeoutFilter;
import ec.gob.iess.clave.session.SessionSettings;
import ec.gob.iess.clave.session.WebSignIn;
import ec.gob.iess.clave.web.ClaveSettings;

import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.crypto.keygen.Base64StringKeyGenerator;
import org.springframework.security.crypto.keygen.StringKeyGenerator;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.oidc.web.authentication.OidcLogoutAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Clave as the OpenID Connect provider (API.md "Single sign-on"), on Spring Authorization Server: its
 * endpoints in a filter chain of their own, before the API, back-office and web chains, with the people's
 * web session (the same cookie, the same timeouts) as the login, and everything it keeps in the database.
 */
@Configuration(proxyBeanMethods = false)
class SsoConfiguration {

	static final String AUTHORIZE = "/oauth2/authorize";

	@Bean
	@Order(0)
	SecurityFilterChain singleSignOn(HttpSecurity http, WebSignIn signIn, SessionSettings sessions, Clock clock,
			RegisteredClientRepository clients, OAuth2AuthorizationService authorizations, SsoClaims claims,
			OAuth2TokenGenerator<?> tokens, SsoEnding ending, AuthorizationErrors errors, ClientSecrets secrets)
			throws Exception {
		RequestMatcher authorize = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, AUTHORIZE);
		RequestMatcher promptNone = request -> authorize.matches(request) && SsoSessionFilter.prompts(request, "none");
		http.oauth2AuthorizationServer(server -> {
			server.tokenGenerator(tokens)
				// Client secrets as the registrations store them (ClientSecrets), not Spring's default encoder.
				.clientAuthentication(authentication -> authentication.authenticationProviders(providers -> providers
					.forEach(provider -> {
						if (provider instanceof ClientSecretAuthenticationProvider secretProvider) {
							secretProvider.setPasswordEncoder(secrets.encoder());
						}
					})))
				.authorizationEndpoint(endpoint -> endpoint.errorResponseHandler(errors)
					.authenticationProviders(providers -> providers.replaceAll(provider -> {
						if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider codes) {
							codes.setAuthorizationCodeGenerator(new ClockedCodes(clock));
							return new ServedRoles(codes, clients);
						}
						return provider;
					})))
				.oidc(oidc -> oidc
					// Discovery says what Clave does, not all Spring could: the code flow and its refresh, ES256.
					.providerConfigurationEndpoint(discovery -> discovery.providerConfigurationCustomizer(metadata -> metadata
						.idTokenSigningAlgorithms(algorithms -> replace(algorithms, SignatureAlgorithm.ES256.getName()))
						.grantTypes(grants -> replace(grants, "authorization_code", "refresh_token"))
						.tokenEndpointAuthenticationMethods(methods -> replace(methods, "client_secret_basic",
								"client_secret_post", "none"))
						.claim("backchannel_logout_supported", true)
						.claim("backchannel_logout_session_supported", false)))
					.userInfoEndpoint(userInfo -> userInfo.userInfoMapper(context -> userInfo(context, clients, claims)))
					.logoutEndpoint(logout -> logout.logoutResponseHandler(endSession(authorizations, ending))));
			http.securityMatcher(server.getEndpointsMatcher());
		});
		http.securityContext(context -> context.securityContextRepository(signIn.contextRepository()))
			.requestCache(cache -> cache.disable())
			.addFilterBefore(new AbsoluteTimeoutFilter(sessions, clock), SecurityContextHolderFilter.class)
			.addFilterAfter(new SsoSessionFilter(authorize, clock), SecurityContextHolderFilter.class)
			.authorizeHttpRequests(requests -> requests.requestMatchers(promptNone).permitAll().anyRequest().authenticated())
			.exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(SsoSessionFilter::toIngresar, authorize))
			.oauth2ResourceServer(resource -> resource.jwt(jwt -> {
			}))
			.headers(headers -> headers.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
		return http.build();
	}

	private static void replace(List<String> values, String... only) {
		values.clear();
		values.addAll(List.of(only));
	}

	private static OidcUserInfo userInfo(OidcUserInfoAuthenticationContext context, RegisteredClientRepository clients,
			SsoClaims claims) {
		OAuth2Authorization authorization = context.getAuthorization();
		RegisteredClient client = clients.findById(authorization.getRegisteredClientId());
		return new OidcUserInfo(claims.of(client.getClientId(),
				authorization.getAttribute(java.security.Principal.class.getName()), context.getAccessToken().getScopes()));
	}

	/**
	 * RP-initiated logout: the services' sessions of the account end (every authorization of it), then Spring's
	 * handler ends the Clave session of this browser and sends it to the exact post-logout address.
	 */
	private static AuthenticationSuccessHandler endSession(OAuth2AuthorizationService authorizations, SsoEnding ending) {
		OidcLogoutAuthenticationSuccessHandler spring = new OidcLogoutAuthenticationSuccessHandler();
		return (request, response, authentication) -> {
			OidcLogoutAuthenticationToken logout = (OidcLogoutAuthenticationToken) authentication;
			OAuth2Authorization authorization = authorizations.findByToken(logout.getIdTokenHint(),
					new OAuth2TokenType(OidcParameterNames.ID_TOKEN));
			if (authorization != null) {
				ending.endFor(authorization.getPrincipalName(), request);
			}
			spring.onAuthenticationSuccess(request, response, authentication);
		};
	}

	@Bean
	ApplicationRunner configuredClients(ClientRegistrations registrations) {
		return arguments -> registrations.registerConfigured();
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(ClaveSettings settings) {
		String issuer = settings.baseUrl().toString();
		return AuthorizationServerSettings.builder()
			.issuer(issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
			.build();
	}

	@Bean
	RegisteredClientRepository registeredClientRepository(JdbcOperations jdbc) {
		return new JdbcRegisteredClientRepository(jdbc);
	}

	@Bean
	OAuth2AuthorizationService authorizationService(JdbcOperations jdbc, RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationService(jdbc, clients);
	}

	@Bean
	OAuth2AuthorizationConsentService authorizationConsentService(JdbcOperations jdbc, RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
	}

	/** The JWKS: the signing key and the ones it replaced recently. */
	@Bean
	JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
		return (selector, context) -> selector.select(keys.published());
	}

	/** Signs with the current key only, whatever else the JWKS still publishes. */
	@Bean
	JwtEncoder jwtEncoder(SigningKeys keys) {
		return new NimbusJwtEncoder((JWKSelector selector, SecurityContext context) -> selector.select(new JWKSet(keys.signing())));
	}

	/** Access tokens presented to userinfo: signed by one of our keys, issued by us, not expired. */
	@Bean
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys, AuthorizationServerSettings server) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys).jwsAlgorithm(SignatureAlgorithm.ES256).build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(server.getIssuer()));
		return decoder;
	}

	@Bean
	OAuth2TokenGenerator<?> tokenGenerator(JwtEncoder encoder, SsoTokens customizer, SessionSettings sessions, Clock clock) {
		JwtGenerator jwts = new JwtGenerator(encoder);
		jwts.setJwtCustomizer(customizer);
		jwts.setClock(clock);
		return new DelegatingOAuth2TokenGenerator(jwts, new SessionBoundRefreshTokens(sessions, clock));
	}

	/**
	 * No in-memory registry of sessions (Spring's default grows with every login and is not shared by the
	 * nodes): the ID tokens carry no {@code sid}, and logout matches the person by the account instead.
	 */
	@Bean
	SessionRegistry ssoSessionRegistry() {
		return new NoSessionRegistry();
	}

	/** Authorization codes with the application's clock (the time tests move), 256 random bits and more. */
	static final class ClockedCodes implements OAuth2TokenGenerator<OAuth2AuthorizationCode> {

		private final StringKeyGenerator values = new Base64StringKeyGenerator(Base64.getUrlEncoder().withoutPadding(), 96);
		private final Clock clock;

		ClockedCodes(Clock clock) {
			this.clock = clock;
		}

		@Override
		public OAuth2AuthorizationCode generate(org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext context) {
			if (context.getTokenType() == null || !OAuth2ParameterNames.CODE.equals(context.getTokenType().getValue())) {
				return null;
			}
			Instant issuedAt = clock.instant();
			return new OAuth2AuthorizationCode(values.generateKey(), issuedAt,
					issuedAt.plus(context.getRegisteredClient().getTokenSettings().getAuthorizationCodeTimeToLive()));
		}
	}

	static final class NoSessionRegistry implements SessionRegistry {

		@Override
		public List<Object> getAllPrincipals() {
			return List.of();
		}

		@Override
		public List<SessionInformation> getAllSessions(Object principal, boolean includeExpiredSessions) {
			return List.of();
		}

		@Override
		public SessionInformation getSessionInformation(String sessionId) {
			return null;
		}

		@Override
		public void refreshLastRequest(String sessionId) {
		}

		@Override
		public void registerNewSession(String sessionId, Object principal) {
		}

		@Override
		public void removeSessionInformation(String sessionId) {
		}
	}
}
