package ec.gob.iess.demo.servicio;

import java.util.Map;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.session.InMemoryOidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * The demo service, wired by hand: Tomcat, Spring MVC, and Spring Security's OpenID Connect login against
 * Clave (PKCE, ES256 ID tokens), RP-initiated logout, and Spring's registry of OpenID Connect sessions that
 * the back-channel logout empties.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebMvc
@EnableWebSecurity
@Import({ DemoPages.class, BackChannelLogoutEndpoint.class })
class DemoServiceConfiguration {

	static final String REGISTRATION = "clave";

	@Bean
	TomcatServletWebServerFactory webServer(DemoServiceSettings settings, DemoSessions sessions) {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(settings.port());
		factory.getSettings().getSession().getCookie().setName(settings.cookieName());
		factory.getSettings().getSession().getCookie().setHttpOnly(true);
		factory.addInitializers(servletContext -> servletContext.addListener(sessions));
		return factory;
	}

	@Bean
	DispatcherServlet dispatcherServlet() {
		return new DispatcherServlet();
	}

	@Bean
	DemoSessions demoSessions() {
		return new DemoSessions();
	}

	/** Clave as the service's team would configure it: the client id, its secret, the provider's addresses. */
	@Bean
	ClientRegistrationRepository clientRegistrations(DemoServiceSettings settings) {
		String clave = settings.clave();
		return new InMemoryClientRegistrationRepository(ClientRegistration.withRegistrationId(REGISTRATION)
			.clientName("Clave IESS")
			.clientId(settings.clientId())
			.clientSecret(settings.clientSecret())
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
			.scope("openid", "profile", "email", "roles")
			.issuerUri(settings.issuer())
			.authorizationUri(clave + "/oauth2/authorize")
			.tokenUri(clave + "/oauth2/token")
			.jwkSetUri(clave + "/oauth2/jwks")
			.userInfoUri(clave + "/userinfo")
			.userNameAttributeName("sub")
			.providerConfigurationMetadata(Map.of("end_session_endpoint", clave + "/connect/logout"))
			.build());
	}

	/** Clave signs with ES256 (discovery says so); Spring's default would expect RS256. */
	@Bean
	JwtDecoderFactory<ClientRegistration> idTokenDecoders() {
		OidcIdTokenDecoderFactory decoders = new OidcIdTokenDecoderFactory();
		decoders.setJwsAlgorithmResolver(client -> SignatureAlgorithm.ES256);
		return decoders;
	}

	@Bean
	OidcSessionRegistry oidcSessions() {
		return new InMemoryOidcSessionRegistry();
	}

	@Bean
	SecurityFilterChain demoService(HttpSecurity http, ClientRegistrationRepository clients, OidcSessionRegistry oidcSessions)
			throws Exception {
		DefaultOAuth2AuthorizationRequestResolver requests = new DefaultOAuth2AuthorizationRequestResolver(clients,
				"/oauth2/authorization");
		// Clave wants PKCE from confidential clients too.
		requests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
		OidcClientInitiatedLogoutSuccessHandler logout = new OidcClientInitiatedLogoutSuccessHandler(clients);
		logout.setPostLogoutRedirectUri("{baseUrl}/");
		http.authorizeHttpRequests(requests_ -> requests_
			.requestMatchers("/", BackChannelLogoutEndpoint.PATH, "/error", "/favicon.ico").permitAll()
			.anyRequest().authenticated())
			.oauth2Login(login -> login.authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(requests))
				.oidcSessionRegistry(oidcSessions))
			.logout(out -> out.logoutSuccessHandler(logout))
			.csrf(csrf -> csrf.ignoringRequestMatchers(BackChannelLogoutEndpoint.PATH));
		return http.build();
	}
}
