package ec.gob.iess.clave.counter;

import java.util.EnumSet;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

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
 * The administrator's page of staff users (decision 89): the list, a new user (through the same
 * {@link StaffAdministration#create} as the API), disable and enable, and a new TOTP secret. The page never
 * shows a secret: the new user, or the one whose secret was reset, enrols it by QR code at the next login.
 */
@Controller
class CentroStaffController {

	static final String VIEW = "centro/staff";
	/** Whom the last action concerned: its message names them ({@code {0}}). */
	static final String DONE_NAME = "doneName";

	private final StaffAdministration administration;

	CentroStaffController(StaffAdministration administration) {
		this.administration = administration;
	}

	@PreAuthorize(StaffAccess.ADMINISTRATOR)
	@GetMapping("/centro/personal")
	String list(Model model) {
		model.addAttribute("form", new CentroForms.NewStaff());
		return page(model);
	}

	@PreAuthorize(StaffAccess.ADMINISTRATOR)
	@PostMapping("/centro/personal")
	Object create(@AuthenticationPrincipal ClavePrincipal principal, @ModelAttribute("form") CentroForms.NewStaff form,
			BindingResult result, Model model, HttpServletRequest http, RedirectAttributes redirect) {
		String username = form.getUsername() == null ? "" : form.getUsername().strip();
		form.setUsername(username);
		Set<StaffRole> roles = EnumSet.noneOf(StaffRole.class);
		for (String role : form.getRoles()) {
			try {
				roles.add(StaffRole.valueOf(role));
			}
			catch (IllegalArgumentException e) {
				result.rejectValue("roles", StaffAdministration.ROLES_INVALID);
			}
		}
		if (!result.hasErrors()) {
			try {
				administration.create(username, form.getPassword(), roles, form.getCenter(), null,
						StaffApiController.origin(principal, http));
				redirect.addFlashAttribute(CentroPersonController.DONE, "staff.created");
				redirect.addFlashAttribute(DONE_NAME, username);
				return "redirect:/centro/personal";
			}
			catch (Refusal e) {
				reject(e, result);
			}
		}
		form.setPassword(null);
		return CentroForms.invalid(page(model), model);
	}

	@PreAuthorize(StaffAccess.ADMINISTRATOR)
	@PostMapping("/centro/personal/{username}/desactivar")
	String disable(@AuthenticationPrincipal ClavePrincipal principal, @PathVariable String username,
			HttpServletRequest http, RedirectAttributes redirect) {
		return act(() -> administration.setDisabled(username, true, StaffApiController.origin(principal, http)),
				"staff.disabled", username, redirect);
	}

	@PreAuthorize(StaffAccess.ADMINISTRATOR)
	@PostMapping("/centro/personal/{username}/activar")
	String enable(@AuthenticationPrincipal ClavePrincipal principal, @PathVariable String username,
			HttpServletRequest http, RedirectAttributes redirect) {
		return act(() -> administration.setDisabled(username, false, StaffApiController.origin(principal, http)),
				"staff.enabled", username, redirect);
	}

	@PreAuthorize(StaffAccess.ADMINISTRATOR)
	@PostMapping("/centro/personal/{username}/restablecer-codigo")
	String resetTotp(@AuthenticationPrincipal ClavePrincipal principal, @PathVariable String username,
			HttpServletRequest http, RedirectAttributes redirect) {
		return act(() -> administration.resetTotp(username, StaffApiController.origin(principal, http)),
				"staff.reset", username, redirect);
	}

	private String page(Model model) {
		model.addAttribute("staff", administration.list());
		model.addAttribute("allRoles", StaffRole.values());
		return VIEW;
	}

	/** Does it, then the list again with what happened (or why not) above it. */
	private static String act(Runnable action, String done, String username, RedirectAttributes redirect) {
		try {
			action.run();
			redirect.addFlashAttribute(CentroPersonController.DONE, done);
		}
		catch (Refusal e) {
			redirect.addFlashAttribute(CentroPersonController.REFUSED,
					StaffAdministration.NOT_YOURSELF.equals(e.detailKey()) ? "staff.self" : "staff.unknown");
		}
		redirect.addFlashAttribute(DONE_NAME, username);
		return "redirect:/centro/personal";
	}

	/** The service's reason, on the field it concerns. */
	private static void reject(Refusal e, BindingResult result) {
		if (e.code() == RefusalCode.WEAK_PASSWORD) {
			if (e.reasons().isEmpty()) {
				result.rejectValue("password", "centro.staff.password.weak");
			}
			e.reasons().forEach(reason -> result.rejectValue("password", "clave.weak." + reason));
			return;
		}
		CentroForms.rejectOnField(e, result, detail -> switch (detail) {
			case StaffAdministration.USERNAME_INVALID, StaffAdministration.USERNAME_TAKEN -> "username";
			case StaffAdministration.ROLES_INVALID -> "roles";
			case StaffAdministration.CENTER_INVALID -> "center";
			default -> null;
		});
	}
}
