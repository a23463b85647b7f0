package ec.gob.iess.clave.counter;

import jakarta.servlet.http.HttpServletRequest;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.identity.Employer;
import ec.gob.iess.clave.identity.Ruc;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.session.ClavePrincipal;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An employer at the counter: what is registered for the RUC, its last audit events, and the registration
 * form ({@code PUT employers} of the staff API, through the same {@link CounterService#registerEmployer}).
 */
@Controller
class CentroEmployerController {

	static final String VIEW = "centro/employer";

	private final CounterService counter;
	private final AuditLog audit;

	CentroEmployerController(CounterService counter, AuditLog audit) {
		this.counter = counter;
		this.audit = audit;
	}

	@PreAuthorize(StaffAccess.COUNTER)
	@GetMapping("/centro/empleadores/{ruc}")
	String employer(@PathVariable String ruc, Model model) {
		Ruc id = CounterService.ruc(ruc);
		CentroForms.Employer form = new CentroForms.Employer();
		Employer employer = find(id);
		if (employer != null) {
			form.setLegalName(employer.legalName());
			form.setRepresentative(employer.representative().value());
			form.setEmail(employer.email() == null ? null : employer.email().value());
		}
		return page(id, employer, form, model);
	}

	@PreAuthorize(StaffAccess.COUNTER)
	@PostMapping("/centro/empleadores/{ruc}")
	String register(@PathVariable String ruc, @ModelAttribute("form") CentroForms.Employer form, BindingResult result,
			Model model, @AuthenticationPrincipal ClavePrincipal principal, HttpServletRequest request,
			RedirectAttributes redirect) {
		Ruc id = CounterService.ruc(ruc);
		boolean created;
		try {
			created = counter.registerEmployer(id, form.getLegalName(), form.getRepresentative(), form.getEmail(),
					StaffApiController.origin(principal, request));
		}
		catch (Refusal e) {
			switch (e.code()) {
				case INVALID_CEDULA -> result.rejectValue("representative", "identifier.INVALID_CEDULA");
				case NOT_FOUND -> result.rejectValue("representative", "centro.employer.representative.unknown");
				case INVALID_REQUEST -> {
					if (e.reasons().isEmpty()) {
						result.rejectValue("legalName", "centro.employer.legalName.invalid");
					}
					else {
						result.rejectValue("email", "centro.email." + e.reasons().get(0));
					}
				}
				default -> throw e;
			}
			return page(id, find(id), form, model);
		}
		redirect.addFlashAttribute(CentroPersonController.DONE, created ? "employer.registered"
				: "employer.updated");
		return "redirect:/centro/empleadores/" + id.value();
	}

	private String page(Ruc id, Employer employer, CentroForms.Employer form, Model model) {
		model.addAttribute("ruc", id.value());
		model.addAttribute("employer", employer);
		model.addAttribute("form", form);
		if (employer != null) {
			model.addAttribute("status", counter.credentialStatus(id));
			model.addAttribute("events", audit.search(id.value(), 20));
		}
		return VIEW;
	}

	private Employer find(Ruc id) {
		try {
			return counter.employer(id);
		}
		catch (Refusal e) {
			if (e.code() == RefusalCode.NOT_FOUND) {
				return null;
			}
			throw e;
		}
	}
}
