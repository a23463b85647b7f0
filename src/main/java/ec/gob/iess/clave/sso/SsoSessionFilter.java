package ec.gob.iess.clave.sso;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import ec.gob.iess.clave.session.AfterSignIn;
import ec.gob.iess.clave.session.ClavePrincipal;
import ec.gob.iess.clave.session.WebSignIn;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The Clave session as the authorization server sees it. A person fully signed in is handed over as an
 * {@link SsoPrincipal} (the session's own principal stays in the session). A {@code TEMPORAL} clave goes to
 * Cambio de clave first, and the request continues after it; {@code prompt=login}, or a {@code max_age}
 * older than the clave typed, sends the person to Ingresar again even with a session (and the request
 * continues after it). With {@code prompt=none} nobody is sent anywhere: without a usable session the
 * request goes on anonymous and the service gets {@code login_required}. Anyone else (staff) is anonymous here.
 */
final class SsoSessionFilter extends OncePerRequestFilter {

	private static final String LOGIN_ASKED_AT = SsoSessionFilter.class.getName() + ".loginAskedAt";

	private final RequestMatcher authorize;
	private final Clock clock;

	SsoSessionFilter(RequestMatcher authorize, Clock clock) {
		this.authorize = authorize;
		this.clock = clock;
	}

	static boolean prompts(HttpServletRequest request, String value) {
		String prompt = request.getParameter("prompt");
		return prompt != null && Arrays.asList(prompt.split(" ")).contains(value);
	}

	/** The entry point of the authorization endpoint: Ingresar, and the request again after it. */
	static void toIngresar(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
			throws IOException {
		AfterSignIn.remember(request, AfterSignIn.here(request));
		response.sendRedirect(request.getContextPath() + "/ingresar");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof ClavePrincipal principal) {
			boolean authorizing = authorize.matches(request);
			boolean silent = prompts(request, "none");
			HttpSession session = request.getSession(false);
			Instant signedInAt = WebSignIn.signedInAt(session);
			if (principal.kind() != ClavePrincipal.Kind.PERSON) {
				anonymous();
			}
			else if (principal.changeRequired() || mustTypeClaveAgain(request, session, signedInAt, authorizing)) {
				if (authorizing && !silent) {
					AfterSignIn.remember(request, AfterSignIn.here(request));
					if (!principal.changeRequired()) {
						session.setAttribute(LOGIN_ASKED_AT, clock.instant());
					}
					response.sendRedirect(request.getContextPath() + (principal.changeRequired() ? "/cambio-clave" : "/ingresar"));
					return;
				}
				anonymous();
			}
			else {
				SecurityContext context = SecurityContextHolder.createEmptyContext();
				context.setAuthentication(SsoPrincipal.of(principal, signedInAt, WebSignIn.methods(session)));
				SecurityContextHolder.setContext(context);
			}
		}
		chain.doFilter(request, response);
	}

	/** Never saved: the session keeps its own principal, this request only sees another. */
	private static void anonymous() {
		SecurityContextHolder.setContext(SecurityContextHolder.createEmptyContext());
	}

	private boolean mustTypeClaveAgain(HttpServletRequest request, HttpSession session, Instant signedInAt,
			boolean authorizing) {
		if (signedInAt == null) {
			return true;
		}
		if (!authorizing) {
			return false;
		}
		String maxAge = request.getParameter("max_age");
		boolean wanted = prompts(request, "login") || maxAge != null && maxAge.matches("\\d{1,9}")
				&& clock.instant().isAfter(signedInAt.plus(Duration.ofSeconds(Long.parseLong(maxAge))));
		if (!wanted) {
			return false;
		}
		// Asked for here before, and typed since: this is the request coming back from Ingresar.
		Instant asked = session.getAttribute(LOGIN_ASKED_AT) instanceof Instant at ? at : null;
		if (asked != null && !signedInAt.isBefore(asked)) {
			session.removeAttribute(LOGIN_ASKED_AT);
			return false;
		}
		return true;
	}
}
