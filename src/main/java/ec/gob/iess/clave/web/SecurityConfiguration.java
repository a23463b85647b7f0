package ec.gob.iess.clave.web;

import ec.gob.iess.clave.refusal.RefusalCode;
import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Channel;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.session.AbsoluteTimeoutFilter;
import ec.gob.iess.clave.session.AccessTokens;
import ec.gob.iess.clave.session.BearerTokenFilter;
import ec.gob.iess.clave.session.ClavePrincipal;
import ec.gob.iess.clave.session.ServerKeys;
import ec.gob.iess.clave.session.SessionSettings;
import ec.gob.iess.clave.session.WebSignIn;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Three filter chains. The API chain is stateless: bearer tokens only, no cookies, so no CSRF. The web
 * chain keeps its session in the database once someone signs in, checks a CSRF token ({@link CsrfTokens}:
 * a signed cookie before login, the session's after) and the origin on every form post, and sends the
 * headers of SECURITY.md 19 on every page. The back office's chain ({@code /centro}) is the web chain for
 * staff, with a session cookie of its own.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

	/**
	 * No Micrometer observation around each security filter, authentication and authorization: at every
	 * request they cost more than the filters themselves, and no metric of API.md comes from them
	 * ({@code http_server_requests} still times every request). Decision 158.
	 */
	@Bean
	static SecurityObservationSettings securityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http, AccessTokens accessTokens, Problems problems,
			ObjectProvider<HandlerMapping> mappings) throws Exception {
		http.securityMatcher("/api/**")
			.csrf(csrf -> csrf.disable())
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(cache -> cache.disable())
			.addFilterBefore(new BodySizeLimitFilter(problems), SecurityContextHolderFilter.class)
			.addFilterAfter(new BearerTokenFilter(accessTokens), SecurityContextHolderFilter.class)
			.authorizeHttpRequests(requests -> requests
				.requestMatchers(HttpMethod.POST, ApiAccess.PUBLIC_POST.toArray(String[]::new))
				.permitAll()
				.requestMatchers(HttpMethod.GET, ApiAccess.PUBLIC_GET.toArray(String[]::new)).permitAll()
				.requestMatchers(ApiAccess.TEMPORAL.toArray(String[]::new))
				.hasAnyAuthority(ClavePrincipal.PERSON, ClavePrincipal.PASSWORD_CHANGE)
				.requestMatchers("/api/v1/staff/**").hasAuthority(ClavePrincipal.STAFF)
				.requestMatchers(new UnknownPaths(mappings)).permitAll()
				.anyRequest().hasAuthority(ClavePrincipal.PERSON))
			.exceptionHandling(errors -> errors
				.authenticationEntryPoint((request, response, e) -> problems.write(response, RefusalCode.UNAUTHENTICATED, null))
				.accessDeniedHandler((request, response, e) -> problems.write(response,
						hasAuthority(ClavePrincipal.PASSWORD_CHANGE) ? RefusalCode.PASSWORD_CHANGE_REQUIRED : RefusalCode.FORBIDDEN,
						null)))
			.headers(headers -> headers
				.contentSecurityPolicy(csp -> csp.policyDirectives(SecurityHeaders.CONTENT_SECURITY_POLICY))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
		return http.build();
	}

	/**
	 * The back office's pages: their own session cookie (the session module reads only {@code
	 * __Host-clave-centro} under {@code /centro}), staff principals only, the login page of the staff, and
	 * otherwise the web chain's rules (CSRF, origin, timeouts, headers). Roles are checked per handler by
	 * method security (counter.StaffAccess).
	 */
	@Bean
	@Order(2)
	SecurityFilterChain centro(HttpSecurity http, WebSignIn signIn, SessionSettings sessions, Clock clock,
			ClaveSettings settings, AuditLog audit, CsrfSettings csrf, ServerKeys serverKeys,
			ObjectProvider<HandlerMapping> mappings) throws Exception {
		http.securityMatcher("/centro", "/centro/**")
			.securityContext(context -> context.securityContextRepository(signIn.contextRepository()))
			.requestCache(cache -> cache.disable())
			.addFilterBefore(new AbsoluteTimeoutFilter(sessions, clock), SecurityContextHolderFilter.class)
			.addFilterBefore(new SameOriginFilter(settings), CsrfFilter.class)
			.csrf(tokens -> tokens.csrfTokenRepository(new CsrfTokens(csrf, serverKeys))
				.csrfTokenRequestHandler(new CsrfTokens.Handler()))
			.authorizeHttpRequests(requests -> requests
				.requestMatchers("/centro/ingresar", "/centro/activar").permitAll()
				.requestMatchers(new UnknownPaths(mappings)).permitAll()
				.anyRequest().hasAuthority(ClavePrincipal.STAFF))
			.exceptionHandling(errors -> errors
				.authenticationEntryPoint(loginPage("/centro/ingresar"))
				.accessDeniedHandler((request, response, e) -> response.sendError(403)))
			.logout(logout -> logout.logoutUrl("/centro/salir")
				.logoutSuccessUrl("/centro/ingresar?salida")
				.addLogoutHandler(auditLogout(audit))
				.addLogoutHandler(clearSiteData()))
			.headers(headers -> headers
				.contentSecurityPolicy(csp -> csp.policyDirectives(SecurityHeaders.CONTENT_SECURITY_POLICY))
				.addHeaderWriter(SecurityConfiguration::referrerPolicy));
		return http.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain web(HttpSecurity http, WebSignIn signIn, SessionSettings sessions, Clock clock,
			ClaveSettings settings, AuditLog audit, ObjectProvider<PublicPages> publicPages, CsrfSettings csrf,
			ServerKeys serverKeys, ObjectProvider<HandlerMapping> mappings) throws Exception {
		String[] modulePages = publicPages.orderedStream().flatMap(pages -> pages.paths().stream()).toArray(String[]::new);
		http.securityContext(context -> context.securityContextRepository(signIn.contextRepository()))
			.requestCache(cache -> cache.disable())
			.addFilterBefore(new AbsoluteTimeoutFilter(sessions, clock), SecurityContextHolderFilter.class)
			.addFilterBefore(new SameOriginFilter(settings), CsrfFilter.class)
			.csrf(tokens -> tokens.csrfTokenRepository(new CsrfTokens(csrf, serverKeys))
				.csrfTokenRequestHandler(new CsrfTokens.Handler()))
			.authorizeHttpRequests(requests -> {
				requests.requestMatchers("/", "/ingresar", "/cambio-clave", "/acuerdo", "/recuperar/**", "/desbloqueo/**",
						"/error", "/css/**", "/js/**", "/img/**", "/favicon.ico", "/v3/api-docs", "/v3/api-docs/**")
					.permitAll();
				if (modulePages.length > 0) {
					requests.requestMatchers(modulePages).permitAll();
				}
				requests.requestMatchers(new UnknownPaths(mappings)).permitAll();
				requests.anyRequest().hasAuthority(ClavePrincipal.PERSON);
			})
			.exceptionHandling(errors -> errors
				.authenticationEntryPoint(loginPage("/ingresar"))
				.accessDeniedHandler((request, response, e) -> {
					if (hasAuthority(ClavePrincipal.PASSWORD_CHANGE)) {
						response.sendRedirect(request.getContextPath() + "/cambio-clave");
					}
					else {
						response.sendError(403);
					}
				}))
			.logout(logout -> logout.logoutUrl("/salir")
				.logoutSuccessUrl("/ingresar?salida")
				.addLogoutHandler(auditLogout(audit))
				.addLogoutHandler(clearSiteData()))
			.headers(headers -> headers
				.contentSecurityPolicy(csp -> csp.policyDirectives(SecurityHeaders.CONTENT_SECURITY_POLICY))
				.addHeaderWriter(SecurityConfiguration::referrerPolicy));
		return http.build();
	}

	/** The rule of {@link SecurityHeaders#referrerPolicy}, which also serves the answers Tomcat gives itself. */
	private static void referrerPolicy(HttpServletRequest request, HttpServletResponse response) {
		response.setHeader("Referrer-Policy",
				SecurityHeaders.referrerPolicy(request.getRequestURI().substring(request.getContextPath().length())));
	}

	/** A path, never a URL built from the request's Host (SECURITY.md 13). */
	private static LoginUrlAuthenticationEntryPoint loginPage(String path) {
		LoginUrlAuthenticationEntryPoint entryPoint = new LoginUrlAuthenticationEntryPoint(path);
		entryPoint.setFavorRelativeUris(true);
		return entryPoint;
	}

	private static LogoutHandler auditLogout(AuditLog audit) {
		return (request, response, authentication) -> {
			if (authentication != null && authentication.getPrincipal() instanceof ClavePrincipal principal) {
				if (principal.kind() == ClavePrincipal.Kind.STAFF) {
					audit.record(AuditType.LOGOUT, null, Outcome.SUCCESS, Origin.staff(principal.username(), principal.center(),
							Channel.COUNTER, RequestOrigins.ip(request)), null);
				}
				else {
					audit.record(AuditType.LOGOUT, principal.username(), Outcome.SUCCESS,
							RequestOrigins.of(request).as(principal.username()), null);
				}
			}
		};
	}

	/** Written on plain HTTP too (Spring's writer only sends it over TLS), so tests and proxies see it. */
	private static LogoutHandler clearSiteData() {
		return (request, response, authentication) -> response.setHeader("Clear-Site-Data",
				"\"cache\", \"cookies\", \"storage\"");
	}

	private static boolean hasAuthority(String authority) {
		Authentication authentication = org.springframework.security.core.context.SecurityContextHolder.getContext()
			.getAuthentication();
		return authentication != null
				&& authentication.getAuthorities().stream().anyMatch(a -> authority.equals(a.getAuthority()));
	}
}
