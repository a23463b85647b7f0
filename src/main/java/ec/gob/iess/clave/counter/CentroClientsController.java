package ec.gob.iess.clave.counter;

import java.util.LinkedHashSet;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import ec.gob.iess.clave.portal.ServiceCatalog;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.session.ClavePrincipal;
import ec.gob.iess.clave.sso.ClientRegistrations;

import org.springframework.http.HttpHeaders;
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
 * The administrator's page of the services registered for single sign-on (decision 118): the list without
 * secrets, a new service registered (its secret shown once, on a page no one keeps), a service removed. Every
 * change goes through {@link ClientRegistrations}, exactly as the {@code staff/clients} API's.
 */
@Controller
class CentroClientsController {

	static final String LIST_VIEW = "centro/clients";
	static final String CREATED_VIEW = "centro/client-created";

	private final ClientRegistrations registrations;
	private final ServiceCatalog catalog;

	CentroClientsController(ClientRegistrations registrations, ServiceCatalog catalog) {
		this.registrations = registrations;
		this.catalog = catalog;
	}

	@PreAuthorize(StaffAccess.ADMINISTRATOR)
	@GetMapping("/centro/clientes")
	String list(Model model) {
		model.addAttribute("form", new CentroForms.Client());
		return listPage(model);
	}

	@PreAuthorize(StaffAccess.ADMINISTRATOR)
	@PostMapping("/centro/clientes")
	Object create(@AuthenticationPrincipal ClavePrincipal principal, @ModelAttribute("form") CentroForms.Client form,
			BindingResult result, Model model, HttpServletRequest http, HttpServletResponse response) {
		String clientId = form.getClientId() == null ? null : form.getClientId().strip();
		String menuEntry = CentroForms.Client.blankToNull(form.getMenuEntry());
		String secret;
		try {
			secret = registrations.create(new ClientRegistrations.Registration(clientId,
					form.getName() == null ? null : form.getName().strip(), CentroForms.Client.lines(form.getRedirectUris()),
					CentroForms.Client.lines(form.getPostLogoutRedirectUris()),
					CentroForms.Client.blankToNull(form.getBackchannelLogoutUri()), form.getScopes(),
					List.copyOf(new LinkedHashSet<>(form.getRoles())), null), form.isConfidential(), menuEntry,
					CentroForms.Client.blankToNull(form.getStartUri()), StaffApiController.origin(principal, http));
		}
		catch (Refusal e) {
			reject(e, result);
			return CentroForms.invalid(listPage(model), model);
		}
		// The secret is on this page only: neither the browser's cache nor its history may keep it.
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		model.addAttribute("clientId", clientId);
		model.addAttribute("name", form.getName().strip());
		model.addAttribute("secret", secret);
		return CREATED_VIEW;
	}

	@PreAuthorize(StaffAccess.ADMINISTRATOR)
	@PostMapping("/centro/clientes/{clientId}/eliminar")
	String remove(@AuthenticationPrincipal ClavePrincipal principal, @PathVariable String clientId, HttpServletRequest http,
			RedirectAttributes redirect) {
		if (!registrations.remove(clientId, StaffApiController.origin(principal, http))) {
			throw new Refusal(RefusalCode.NOT_FOUND);
		}
		redirect.addFlashAttribute(CentroPersonController.DONE, "client.removed");
		redirect.addFlashAttribute(CentroStaffController.DONE_NAME, clientId);
		return "redirect:/centro/clientes";
	}

	private String listPage(Model model) {
		model.addAttribute("clients", registrations.list());
		model.addAttribute("services", catalog.all());
		model.addAttribute("allScopes", ClientRegistrations.SCOPE_NAMES);
		model.addAttribute("allRoles", ServiceCatalog.ROLES);
		return LIST_VIEW;
	}

	/** The registration's reason, on the field it concerns. */
	private static void reject(Refusal e, BindingResult result) {
		CentroForms.rejectOnField(e, result, detail -> switch (detail) {
			case ClientRegistrations.ID_INVALID, ClientRegistrations.ID_TAKEN -> "clientId";
			case ClientRegistrations.NAME_INVALID -> "name";
			case ClientRegistrations.REDIRECT_INVALID -> "redirectUris";
			case ClientRegistrations.POST_LOGOUT_INVALID -> "postLogoutRedirectUris";
			case ClientRegistrations.BACKCHANNEL_INVALID -> "backchannelLogoutUri";
			case ClientRegistrations.SCOPES_INVALID -> "scopes";
			case ClientRegistrations.ROLES_INVALID -> "roles";
			case ServiceCatalog.URL_INVALID -> "startUri";
			case ClientRegistrations.MENU_ENTRY_INVALID -> "menuEntry";
			default -> null;
		});
	}
}
