package ec.gob.iess.clave.counter;

import java.util.LinkedHashSet;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import ec.gob.iess.clave.portal.ServiceCatalog;
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
 * The administrator's page of the services catalogue (decision 90): every entry with its roles and address,
 * an entry's roles and address changed on its own page (read-only for an entry that launches a single sign-on
 * client, decision 160), a new entry added at the end of the menu. The
 * catalogue ({@link ServiceCatalog}) checks and audits every change.
 */
@Controller
class CentroServicesController {

	static final String LIST_VIEW = "centro/services";
	static final String EDIT_VIEW = "centro/service";

	private final ServiceCatalog catalog;

	CentroServicesController(ServiceCatalog catalog) {
		this.catalog = catalog;
	}

	@PreAuthorize(StaffAccess.ADMINISTRATOR)
	@GetMapping("/centro/servicios")
	String list(Model model) {
		model.addAttribute("form", new CentroForms.Service());
		return listPage(model);
	}

	@PreAuthorize(StaffAccess.ADMINISTRATOR)
	@PostMapping("/centro/servicios")
	Object add(@AuthenticationPrincipal ClavePrincipal principal, @ModelAttribute("form") CentroForms.Service form,
			BindingResult result, Model model, HttpServletRequest http, RedirectAttributes redirect) {
		form.setCode(form.getCode() == null ? null : form.getCode().strip());
		try {
			catalog.add(form.getCode(), form.getName(), new LinkedHashSet<>(form.getRoles()), form.getUrl(),
					StaffApiController.origin(principal, http));
		}
		catch (Refusal e) {
			reject(e, result);
			return CentroForms.invalid(listPage(model), model);
		}
		redirect.addFlashAttribute(CentroPersonController.DONE, "service.added");
		redirect.addFlashAttribute(CentroStaffController.DONE_NAME, form.getName().strip());
		return "redirect:/centro/servicios";
	}

	@PreAuthorize(StaffAccess.ADMINISTRATOR)
	@GetMapping("/centro/servicios/{code}")
	String edit(@PathVariable String code, Model model) {
		ServiceCatalog.ServiceEntry entry = entry(code);
		CentroForms.Service form = new CentroForms.Service();
		form.setRoles(List.copyOf(entry.roles()));
		form.setUrl(entry.url());
		model.addAttribute("form", form);
		return editPage(entry, model);
	}

	@PreAuthorize(StaffAccess.ADMINISTRATOR)
	@PostMapping("/centro/servicios/{code}")
	Object update(@AuthenticationPrincipal ClavePrincipal principal, @PathVariable String code,
			@ModelAttribute("form") CentroForms.Service form, BindingResult result, Model model, HttpServletRequest http,
			RedirectAttributes redirect) {
		ServiceCatalog.ServiceEntry entry = entry(code);
		try {
			catalog.update(code, new LinkedHashSet<>(form.getRoles()), form.getUrl(),
					StaffApiController.origin(principal, http));
		}
		catch (Refusal e) {
			if (ServiceCatalog.LAUNCHED_BY_CLIENT.equals(e.detailKey())) {
				// The page offers no form for such an entry; a POST made anyway is told why, on the same page.
				result.reject(e.detailKey());
			}
			else {
				reject(e, result);
			}
			return CentroForms.invalid(editPage(entry, model), model);
		}
		redirect.addFlashAttribute(CentroPersonController.DONE, "service.updated");
		redirect.addFlashAttribute(CentroStaffController.DONE_NAME, entry.name() != null ? entry.name() : code);
		return "redirect:/centro/servicios";
	}

	private String listPage(Model model) {
		model.addAttribute("services", catalog.all());
		model.addAttribute("allRoles", ServiceCatalog.ROLES);
		return LIST_VIEW;
	}

	private String editPage(ServiceCatalog.ServiceEntry entry, Model model) {
		model.addAttribute("service", entry);
		model.addAttribute("allRoles", ServiceCatalog.ROLES);
		return EDIT_VIEW;
	}

	private ServiceCatalog.ServiceEntry entry(String code) {
		return catalog.all().stream().filter(entry -> entry.code().equals(code)).findFirst()
			.orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND));
	}

	/** The catalogue's reason, on the field it concerns. */
	private static void reject(Refusal e, BindingResult result) {
		CentroForms.rejectOnField(e, result, detail -> switch (detail) {
			case ServiceCatalog.CODE_INVALID, ServiceCatalog.CODE_TAKEN -> "code";
			case ServiceCatalog.NAME_INVALID -> "name";
			case ServiceCatalog.ROLES_INVALID -> "roles";
			case ServiceCatalog.URL_INVALID -> "url";
			default -> null;
		});
	}
}
