package ec.gob.iess.clave.portal.web;

import ec.gob.iess.clave.credential.AgreementService;
import ec.gob.iess.clave.identity.AccountHolders;
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
	private final AccountHolders holders;

	PortalController(ServiceCatalog catalog, AgreementService agreements, AccountHolders holders) {
		this.catalog = catalog;
		this.agreements = agreements;
		this.holders = holders;
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
		// Who is in: the owner sees their own names and number in full (decision 59).
		model.addAttribute("holderNames", holders.find(principal.username()).map(AccountHolders.Holder::names).orElse(null));
		model.addAttribute("empleador", principal.username().length() == 13);
		return "portal/services";
	}
}
