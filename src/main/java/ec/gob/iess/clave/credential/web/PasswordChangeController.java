package ec.gob.iess.clave.credential.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import ec.gob.iess.clave.captcha.Captcha;
import ec.gob.iess.clave.credential.AccountKind;
import ec.gob.iess.clave.credential.AgreementService;
import ec.gob.iess.clave.credential.LoginService;
import ec.gob.iess.clave.credential.NumberFields;
import ec.gob.iess.clave.credential.PasswordChangeService.Change;
import ec.gob.iess.clave.credential.PasswordChangeService.TemporaryChange;
import ec.gob.iess.clave.credential.PasswordChangeService.TemporaryLogin;
import ec.gob.iess.clave.credential.PasswordChangeService;
import ec.gob.iess.clave.credential.Username;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.session.AfterSignIn;
import ec.gob.iess.clave.session.ClavePrincipal;
import ec.gob.iess.clave.session.WebSignIn;
import ec.gob.iess.clave.web.RequestOrigins;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Cambio de clave: open to anyone who knows the current clave, and the only page a TEMPORAL clave
 * reaches. Signed in, the cédula is the session's own and cannot be changed in the form. The session
 * that has just logged in with a TEMPORAL clave is not asked for it again (decision 64): only the new
 * clave twice and the acuerdo, for {@code clave.temporary-password.change-window} after that login.
 */
@Controller
class PasswordChangeController {

	static final String VIEW = "credential/change";

	/** The session attribute with the {@link TemporaryLogin} of this session's login, set by {@link LoginController}. */
	static final String TEMPORARY_LOGIN = PasswordChangeController.class.getName() + ".temporaryLogin";

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
	String form(@RequestParam(name = "tipo", required = false) String tipo,
			@AuthenticationPrincipal ClavePrincipal principal, Model model, HttpServletRequest request) {
		ChangeForm form = new ChangeForm();
		if (principal != null) {
			form.setUsername(principal.username());
		}
		model.addAttribute("form", form);
		prepare(tipo, principal, model, request);
		return VIEW;
	}

	@PostMapping("/cambio-clave")
	String submit(@ModelAttribute("form") ChangeForm form, BindingResult result,
			@RequestParam(name = "tipo", required = false) String tipo,
			@AuthenticationPrincipal ClavePrincipal principal,
			@CookieValue(name = DeviceCookie.NAME, required = false) String device, Model model,
			HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
		if (principal != null) {
			form.setUsername(principal.username());
		}
		TemporaryLogin temporary = prepare(tipo, principal, model, request);
		boolean empleador = Boolean.TRUE.equals(model.getAttribute("empleador"));
		if (form.getNuevaClave() == null || !form.getNuevaClave().equals(form.getConfirmarClave())) {
			result.rejectValue("confirmarClave", "clave.mismatch");
			return rerender(form);
		}
		if (temporary == null && principal != null && principal.changeRequired() && blank(form.getClaveActual())
				&& request.getSession(false) != null && request.getSession(false).getAttribute(TEMPORARY_LOGIN) != null) {
			// The window closed while the form was open: ask for the temporary clave, and count nothing.
			result.rejectValue("claveActual", "change.temporary.expired");
			return rerender(form);
		}
		String sessionId = principal != null ? request.getSession().getId() : null;
		try {
			if (temporary != null) {
				passwordChange.changeTemporary(new TemporaryChange(temporary, form.getNuevaClave(), form.isAcepto(), sessionId),
						RequestOrigins.of(request));
			}
			else {
				passwordChange.change(new Change(form.getUsername(), form.getClaveActual(), form.getNuevaClave(),
						form.isAcepto(), sessionId, null, form.getCaptcha(), device), RequestOrigins.of(request));
			}
		}
		catch (Refusal e) {
			switch (e.code()) {
				case INVALID_CEDULA, INVALID_RUC -> NumberFields.rejectNumber(e.code(), empleador, result);
				case AGREEMENT_REQUIRED -> result.rejectValue("acepto", "agreement.required");
				case WEAK_PASSWORD -> e.reasons()
					.forEach(reason -> result.rejectValue("nuevaClave", "clave.weak." + reason));
				case INVALID_CREDENTIALS -> {
					result.reject("login.failed");
					model.addAttribute("claveHelp", true);
				}
				case CAPTCHA_REQUIRED, CAPTCHA_INVALID -> result.rejectValue("captcha", Captcha.messageKey(e));
				default -> throw e;
			}
			// The failure may have been the one after which this source must solve the captcha.
			model.addAttribute("captchaRequired", login.captchaRequired(RequestOrigins.of(request)));
			return rerender(form);
		}
		if (principal != null) {
			request.getSession().removeAttribute(TEMPORARY_LOGIN);
			// A privilege change: the session gets a new id and full access.
			signIn.signIn(principal.withFullAccess(), request, response);
			redirect.addFlashAttribute("changed", true);
			return "redirect:" + AfterSignIn.next(request, "/servicios");
		}
		// The number waits on the login page in this browser's session, never in the address.
		Username changed = Username.parse(form.getUsername());
		redirect.addFlashAttribute(LoginController.NUMBER, changed.value());
		return changed.kind() == AccountKind.EMPLEADOR ? "redirect:/ingresar?tipo=empleador&cambiada"
				: "redirect:/ingresar?cambiada";
	}

	/**
	 * The page's model: signed in or not, the RUC wording, the captcha, and whether this session's
	 * temporary-clave login still spares the current clave (answered, or null).
	 */
	private TemporaryLogin prepare(String tipo, ClavePrincipal principal, Model model, HttpServletRequest request) {
		model.addAttribute("signedIn", principal != null);
		model.addAttribute("empleador", "empleador".equals(tipo)
				|| (principal != null && principal.username().length() == 13));
		// The current clave is checked like a login's: the same captcha once this source failed too often.
		model.addAttribute("captchaRequired", login.captchaRequired(RequestOrigins.of(request)));
		TemporaryLogin temporary = null;
		HttpSession session = request.getSession(false);
		if (principal != null && principal.changeRequired() && session != null
				&& session.getAttribute(TEMPORARY_LOGIN) instanceof TemporaryLogin held
				&& held.username().equals(principal.username()) && passwordChange.fresh(held)) {
			temporary = held;
		}
		model.addAttribute("withoutCurrent", temporary != null);
		if (temporary != null) {
			// Nothing to solve: the clave is not checked here.
			model.addAttribute("captchaRequired", false);
		}
		return temporary;
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

	private static String rerender(ChangeForm form) {
		form.setClaveActual(null);
		form.setNuevaClave(null);
		form.setConfirmarClave(null);
		form.setCaptcha(null);
		return VIEW;
	}
}
