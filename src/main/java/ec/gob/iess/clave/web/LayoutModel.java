package ec.gob.iess.clave.web;

import jakarta.servlet.http.HttpServletRequest;

import ec.gob.iess.clave.session.ClavePrincipal;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the page layout needs on every page: whether someone is signed in (to offer "Salir"), and the
 * CSRF token settled before the page starts to render.
 */
@ControllerAdvice(annotations = org.springframework.stereotype.Controller.class)
class LayoutModel {

	@ModelAttribute("signedIn")
	boolean signedIn() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.getPrincipal() instanceof ClavePrincipal;
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
