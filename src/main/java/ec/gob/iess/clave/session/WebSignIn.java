package ec.gob.iess.clave.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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
 * before it is worth anything after it.
 */
@Component
public class WebSignIn {

	private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
	private final HttpSessionCsrfTokenRepository csrfTokens = new HttpSessionCsrfTokenRepository();

	public void signIn(ClavePrincipal principal, HttpServletRequest request, HttpServletResponse response) {
		request.getSession(true);
		request.changeSessionId();
		csrfTokens.saveToken(null, request, response);
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.authorities()));
		SecurityContextHolder.setContext(context);
		contexts.saveContext(context, request, response);
	}

	public SecurityContextRepository contextRepository() {
		return contexts;
	}
}
