package ec.gob.iess.clave.credential.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import ec.gob.iess.clave.captcha.Captcha;
import ec.gob.iess.clave.credential.AgreementService;
import ec.gob.iess.clave.credential.LoginService;
import ec.gob.iess.clave.credential.PasswordChangeService;
import ec.gob.iess.clave.credential.PasswordChangeService.Change;
import ec.gob.iess.clave.session.ClavePrincipal;
import ec.gob.iess.clave.session.WebSignIn;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.web.RequestOrigins;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Cambio de clave: open to anyone who knows the current clave, and the only page a TEMPORAL clave
 * reaches. Signed in, the cédula is the session's own and cannot be changed in the form.
 */
@Controller
class PasswordChangeController {

	static final String VIEW = "credential/change";

	private final PasswordChangeService passwordChange;
	private final AgreementService agreements;
	private final WebSignIn signIn;
	private final LoginService login;

	PasswordChangeController(PasswordChangeService passwordChange, AgreementService agreements, WebSignIn signIn,
			LoginService login) {
		this.passwordChange = passwordChange;
		this.agreements = agreements;
		this.signIn = signIn;
		this.login = login;
	}

	@ModelAttribute("agreement")
	String agreement() {
		return agreements.current().body();
	}

	@GetMapping("/cambio-clave")
	String form(@AuthenticationPrincipal ClavePrincipal principal, Model model, HttpServletRequest request) {
		ChangeForm form = new ChangeForm();
		if (principal != null) {
			form.setUsername(principal.username());
		}
		model.addAttribute("form", form);
		model.addAttribute("signedIn", principal != null);
		// The current clave is checked like a login's: the same captcha once this source failed too often.
		model.addAttribute("captchaRequired", login.captchaRequired(RequestOrigins.of(request)));
		return VIEW;
	}

	@PostMapping("/cambio-clave")
	String submit(@ModelAttribute("form") ChangeForm form, BindingResult result,
			@AuthenticationPrincipal ClavePrincipal principal,
			@CookieValue(name = DeviceCookie.NAME, required = false) String device, Model model,
			HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
		if (principal != null) {
			form.setUsername(principal.username());
		}
		model.addAttribute("signedIn", principal != null);
		model.addAttribute("captchaRequired", login.captchaRequired(RequestOrigins.of(request)));
		if (form.getNuevaClave() == null || !form.getNuevaClave().equals(form.getConfirmarClave())) {
			result.rejectValue("confirmarClave", "clave.mismatch");
			return rerender(form);
		}
		String sessionId = principal != null ? request.getSession().getId() : null;
		try {
			passwordChange.change(new Change(form.getUsername(), form.getClaveActual(), form.getNuevaClave(),
					form.isAcepto(), sessionId, null, form.getCaptcha(), device), RequestOrigins.of(request));
		}
		catch (Refusal e) {
			switch (e.code()) {
				case INVALID_CEDULA, INVALID_RUC -> result.rejectValue("username", "identifier." + e.code().name());
				case AGREEMENT_REQUIRED -> result.rejectValue("acepto", "agreement.required");
				case WEAK_PASSWORD -> e.reasons()
					.forEach(reason -> result.rejectValue("nuevaClave", "clave.weak." + reason));
				case INVALID_CREDENTIALS -> result.reject("login.failed");
				case CAPTCHA_REQUIRED, CAPTCHA_INVALID -> result.rejectValue("captcha", Captcha.messageKey(e));
				default -> throw e;
			}
			// The failure may have been the one after which this source must solve the captcha.
			model.addAttribute("captchaRequired", login.captchaRequired(RequestOrigins.of(request)));
			return rerender(form);
		}
		if (principal != null) {
			// A privilege change: the session gets a new id and full access.
			signIn.signIn(principal.withFullAccess(), request, response);
			redirect.addFlashAttribute("changed", true);
			return "redirect:/servicios";
		}
		return "redirect:/ingresar?cambiada";
	}

	private static String rerender(ChangeForm form) {
		form.setClaveActual(null);
		form.setNuevaClave(null);
		form.setConfirmarClave(null);
		form.setCaptcha(null);
		return VIEW;
	}
}
