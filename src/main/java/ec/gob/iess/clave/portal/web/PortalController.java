package ec.gob.iess.clave.portal.web;

import ec.gob.iess.clave.credential.AgreementService;
import ec.gob.iess.clave.portal.ServiceCatalog;
import ec.gob.iess.clave.session.ClavePrincipal;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The entry page "Trámites virtuales" and, after login, the services menu. */
@Controller
class PortalController {

	private final ServiceCatalog catalog;
	private final AgreementService agreements;

	PortalController(ServiceCatalog catalog, AgreementService agreements) {
		this.catalog = catalog;
		this.agreements = agreements;
	}

	@GetMapping("/")
	String home() {
		return "portal/home";
	}

	@GetMapping("/servicios")
	String services(@AuthenticationPrincipal ClavePrincipal principal, Model model) {
		if (agreements.pendingFor(principal.username())) {
			return "redirect:/acuerdo";
		}
		model.addAttribute("services", catalog.forRoles(principal.roles()));
		model.addAttribute("username", principal.username());
		return "portal/services";
	}
}
