package ec.gob.iess.clave.counter;

import ec.gob.iess.clave.identity.Cedula;
import ec.gob.iess.clave.identity.InvalidIdentifierException;
import ec.gob.iess.clave.identity.Ruc;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The back office's start page: for agents and supervisors the search by cédula or RUC, for
 * administrators the place of their pages. A malformed number is named; an unknown one is "no registrado",
 * with the way to register it.
 */
@Controller
class CentroController {

	static final String VIEW = "centro/home";

	private final CounterService counter;

	CentroController(CounterService counter) {
		this.counter = counter;
	}

	@PreAuthorize(StaffAccess.STAFF)
	@GetMapping("/centro")
	String home(Model model) {
		model.addAttribute("form", new CentroForms.Search());
		return VIEW;
	}

	@PreAuthorize(StaffAccess.COUNTER)
	@PostMapping("/centro/buscar")
	Object search(@ModelAttribute("form") CentroForms.Search form, BindingResult result, Model model) {
		String number = form.getNumero() == null ? "" : form.getNumero().strip();
		form.setNumero(number);
		if (number.length() == 13) {
			Ruc ruc;
			try {
				ruc = Ruc.parse(number);
			}
			catch (InvalidIdentifierException e) {
				result.rejectValue("numero", "identifier.INVALID_RUC");
				return VIEW;
			}
			if (registered(() -> counter.employer(ruc))) {
				return "redirect:/centro/empleadores/" + ruc.value();
			}
			return notRegistered(model, "ruc", "/centro/empleadores/" + ruc.value());
		}
		Cedula cedula;
		try {
			cedula = Cedula.parse(number);
		}
		catch (InvalidIdentifierException e) {
			result.rejectValue("numero", number.length() == 10 ? "identifier.INVALID_CEDULA" : "centro.search.invalid");
			return VIEW;
		}
		if (registered(() -> counter.view(cedula))) {
			return "redirect:/centro/personas/" + cedula.value();
		}
		return notRegistered(model, "cedula", "/centro/personas/" + cedula.value() + "/datos");
	}

	/** The search page again, 404, saying the number ({@code cedula} or {@code ruc}) is not registered and where to register it. */
	static ModelAndView notRegistered(Model model, String kind, String registerPath) {
		ModelAndView page = new ModelAndView(VIEW, model.asMap());
		page.addObject("notRegistered", kind);
		page.addObject("registerPath", registerPath);
		page.setStatus(HttpStatus.NOT_FOUND);
		return page;
	}

	private static boolean registered(Runnable lookup) {
		try {
			lookup.run();
			return true;
		}
		catch (Refusal e) {
			if (e.code() == RefusalCode.NOT_FOUND) {
				return false;
			}
			throw e;
		}
	}
}
