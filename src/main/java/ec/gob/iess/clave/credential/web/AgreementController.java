package ec.gob.iess.clave.credential.web;

import jakarta.servlet.http.HttpServletRequest;

import ec.gob.iess.clave.credential.AgreementService;
import ec.gob.iess.clave.session.AfterSignIn;
import ec.gob.iess.clave.session.ClavePrincipal;
import ec.gob.iess.clave.web.RequestOrigins;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The acuerdo de uso de clave: readable by anyone; a signed-in person with a newer version pending accepts it here. */
@Controller
class AgreementController {

	private final AgreementService agreements;

	AgreementController(AgreementService agreements) {
		this.agreements = agreements;
	}

	@GetMapping("/acuerdo")
	String show(@AuthenticationPrincipal ClavePrincipal principal, Model model) {
		var agreement = agreements.current();
		model.addAttribute("agreement", agreement.body());
		model.addAttribute("version", agreement.version());
		model.addAttribute("pending", principal != null && !principal.changeRequired()
				&& principal.kind() == ClavePrincipal.Kind.PERSON && agreements.pendingFor(principal.username()));
		return "credential/agreement";
	}

	@PostMapping("/acuerdo")
	String accept(@AuthenticationPrincipal ClavePrincipal principal,
			@RequestParam(name = "acepto", defaultValue = "false") boolean acepto, Model model, HttpServletRequest request) {
		if (principal == null || principal.changeRequired()) {
			return "redirect:/ingresar";
		}
		if (!acepto) {
			model.addAttribute("agreement", agreements.current().body());
			model.addAttribute("version", agreements.current().version());
			model.addAttribute("pending", true);
			model.addAttribute("missing", true);
			return "credential/agreement";
		}
		agreements.accept(principal.username(), RequestOrigins.of(request));
		return "redirect:" + AfterSignIn.next(request, "/servicios");
	}
}
