package ec.gob.iess.clave.web;

import ec.gob.iess.clave.session.ClavePrincipal;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What the page layout needs on every page: whether someone is signed in (to offer "Salir"). */
@ControllerAdvice(annotations = org.springframework.stereotype.Controller.class)
class LayoutModel {

	@ModelAttribute("signedIn")
	boolean signedIn() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.getPrincipal() instanceof ClavePrincipal;
	}
}
