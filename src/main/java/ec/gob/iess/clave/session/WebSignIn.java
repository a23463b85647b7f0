package ec.gob.iess.clave.session;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.stereotype.Component;

/**
 * Puts a principal into the web session. Every sign-in and every change of privilege (a temporary
 * clave replaced by a real one) gets a new session id and a new CSRF token, so that nothing learnt
 * before it is worth anything after it. The session keeps when the clave was typed (the {@code auth_time}
 * that single sign-on tells the services, and what {@code prompt=login} and {@code max_age} compare with).
 */
@Component
public class WebSignIn {

	private static final String SIGNED_IN_AT = WebSignIn.class.getName() + ".signedInAt";

	/** When the clave itself was last typed in this session (not a passkey): what registering a passkey asks. */
	private static final String CLAVE_TYPED_AT = WebSignIn.class.getName() + ".claveTypedAt";

	/** How the person proved who they are at sign-in, as OpenID's {@code amr} (RFC 8176). */
	private static final String METHODS = WebSignIn.class.getName() + ".methods";

	/** The clave, typed: RFC 8176's "pwd". */
	public static final List<String> CLAVE = List.of("pwd");

	/** The address the clave was typed from, for Mi seguridad's list of open sessions. */
	static final String SIGNED_IN_FROM = WebSignIn.class.getName() + ".signedInFrom";

	private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
	private final HttpSessionCsrfTokenRepository csrfTokens = new HttpSessionCsrfTokenRepository();
	private final Clock clock;

	WebSignIn(Clock clock) {
		this.clock = clock;
	}

	/** A sign-in with the clave. */
	public void signIn(ClavePrincipal principal, HttpServletRequest request, HttpServletResponse response) {
		signIn(principal, CLAVE, request, response);
		request.getSession().setAttribute(CLAVE_TYPED_AT, request.getSession().getAttribute(SIGNED_IN_AT));
	}

	/**
	 * A sign-in by {@code methods} (RFC 8176 names: {@link #CLAVE}, or a passkey's {@code hwk}/{@code swk} with
	 * {@code user}); only a sign-in with the clave counts as the clave typed.
	 */
	public void signIn(ClavePrincipal principal, List<String> methods, HttpServletRequest request,
			HttpServletResponse response) {
		request.getSession(true);
		request.changeSessionId();
		request.getSession().setAttribute(SIGNED_IN_AT, clock.instant());
		request.getSession().setAttribute(METHODS, String.join(" ", methods));
		// A clave typed before in this browser was perhaps another person's: only a sign-in with the clave sets it.
		request.getSession().removeAttribute(CLAVE_TYPED_AT);
		request.getSession().setAttribute(SIGNED_IN_FROM, request.getRemoteAddr());
		csrfTokens.saveToken(null, request, response);
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.authorities()));
		SecurityContextHolder.setContext(context);
		contexts.saveContext(context, request, response);
	}

	/** When the clave was last typed in this session; {@code null} when nobody signed in to it. */
	public static Instant signedInAt(HttpSession session) {
		return session == null ? null : session.getAttribute(SIGNED_IN_AT) instanceof Instant at ? at : null;
	}

	/** How the session's person signed in; {@link #CLAVE} for sessions that did not record it. */
	public static List<String> methods(HttpSession session) {
		return session != null && session.getAttribute(METHODS) instanceof String methods ? List.of(methods.split(" "))
				: CLAVE;
	}

	/** The signed-in person typed the clave again just now (and it was right): {@link #claveTypedAt} moves. */
	public void claveTyped(HttpServletRequest request) {
		request.getSession().setAttribute(CLAVE_TYPED_AT, clock.instant());
	}

	/** When the clave was last typed in this session; {@code null} when never (a passkey's sign-in). */
	public static Instant claveTypedAt(HttpSession session) {
		return session == null ? null : session.getAttribute(CLAVE_TYPED_AT) instanceof Instant at ? at : null;
	}

	public SecurityContextRepository contextRepository() {
		return contexts;
	}
}
