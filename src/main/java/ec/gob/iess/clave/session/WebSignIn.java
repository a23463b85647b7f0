package ec.gob.iess.clave.session;

import java.time.Clock;
import java.time.Instant;

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

	/** The address the clave was typed from, for Mi seguridad's list of open sessions. */
	static final String SIGNED_IN_FROM = WebSignIn.class.getName() + ".signedInFrom";

	private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
	private final HttpSessionCsrfTokenRepository csrfTokens = new HttpSessionCsrfTokenRepository();
	private final Clock clock;

	WebSignIn(Clock clock) {
		this.clock = clock;
	}

	public void signIn(ClavePrincipal principal, HttpServletRequest request, HttpServletResponse response) {
		request.getSession(true);
		request.changeSessionId();
		request.getSession().setAttribute(SIGNED_IN_AT, clock.instant());
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

	public SecurityContextRepository contextRepository() {
		return contexts;
	}
}
