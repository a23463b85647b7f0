package ec.gob.iess.clave.web;

import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import ec.gob.iess.clave.session.ClavePrincipal;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the page layout needs on every page: whether someone is signed in (to offer "Salir") and as
 * whom, the link of the language switch, and the CSRF token settled before the page starts to render.
 */
@ControllerAdvice(annotations = org.springframework.stereotype.Controller.class)
class LayoutModel {

	/** A path of this site as a link may repeat it: one leading slash, no scheme, host, query or escapes. */
	private static final Pattern PLAIN_PATH = Pattern.compile("/(?!/)[A-Za-z0-9/._~-]*");

	@ModelAttribute("signedInAs")
	String signedInAs() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.getPrincipal() instanceof ClavePrincipal principal
				&& principal.kind() == ClavePrincipal.Kind.PERSON ? principal.username() : null;
	}

	/** A member of staff signed in to the back office: their username and centre, and "Salir" of /centro. */
	@ModelAttribute("staffSignedIn")
	ClavePrincipal staffSignedIn() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.getPrincipal() instanceof ClavePrincipal principal
				&& principal.kind() == ClavePrincipal.Kind.STAFF ? principal : null;
	}

	@ModelAttribute("signedIn")
	boolean signedIn() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.getPrincipal() instanceof ClavePrincipal;
	}

	/**
	 * The header's switch to the other language: this page again (its path, and {@code tipo} that
	 * chooses the employers' wording), with {@code lang}. Only a plain path of this site is repeated;
	 * anything else leads to the entry page.
	 */
	@ModelAttribute("languageSwitch")
	String languageSwitch(HttpServletRequest request, Locale locale) {
		Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String path = original instanceof String uri ? uri : request.getRequestURI();
		if (path == null || !PLAIN_PATH.matcher(path).matches()) {
			path = "/";
		}
		String tipo = "empleador".equals(Languages.parameter(request, "tipo")) ? "tipo=empleador&" : "";
		return path + "?" + tipo + Languages.PARAMETER + "=" + (Languages.ENGLISH.equals(Languages.supported(locale)) ? "es" : "en");
	}

	/**
	 * Settles the CSRF token before rendering: an anonymous token travels in a cookie, and a cookie set while
	 * the template is halfway written out (Thymeleaf flushes partial output) would never reach the browser.
	 */
	@ModelAttribute
	void csrfTokenBeforeRendering(HttpServletRequest request) {
		if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
			token.getToken();
		}
	}
}
