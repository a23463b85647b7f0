package ec.gob.iess.clave.credential.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import ec.gob.iess.clave.captcha.Captcha;
import ec.gob.iess.clave.credential.LoginOutcome;
import ec.gob.iess.clave.credential.LoginService;
import ec.gob.iess.clave.credential.NumberFields;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.session.AfterSignIn;
import ec.gob.iess.clave.session.WebSignIn;
import ec.gob.iess.clave.web.RequestOrigins;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Ingresar. Every failure answers the same form again, with the number as typed, the clave empty and
 * one message, so unknown cédula, wrong clave, locked, suspended and no-clave answer alike (SECURITY.md
 * 5): the page depends on what was typed only, and a refusal writes no session (decision 62).
 */
@Controller
class LoginController {

	static final String VIEW = "credential/login";

	/** A flash attribute: the number to fill in, after a new clave (recovery, Cambio de clave) sends here. */
	public static final String NUMBER = "ingresarNumero";

	private final LoginService login;
	private final WebSignIn signIn;
	private final DeviceCookie deviceCookie;

	LoginController(LoginService login, WebSignIn signIn, DeviceCookie deviceCookie) {
		this.login = login;
		this.signIn = signIn;
		this.deviceCookie = deviceCookie;
	}

	@GetMapping("/ingresar")
	String form(@RequestParam(name = "tipo", required = false) String tipo, Model model, HttpServletRequest request) {
		LoginForm form = new LoginForm();
		if (model.getAttribute(NUMBER) instanceof String number) {
			form.setUsername(number);
		}
		model.addAttribute("form", form);
		model.addAttribute("empleador", "empleador".equals(tipo));
		model.addAttribute("captchaRequired", login.captchaRequired(RequestOrigins.of(request)));
		return VIEW;
	}

	@PostMapping("/ingresar")
	String submit(@ModelAttribute("form") LoginForm form, BindingResult result,
			@RequestParam(name = "tipo", required = false) String tipo,
			@CookieValue(name = DeviceCookie.NAME, required = false) String device, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		LoginOutcome outcome;
		try {
			outcome = login.login(form.getUsername(), form.getClave(), form.getCaptcha(), device,
					RequestOrigins.of(request));
		}
		catch (Refusal e) {
			boolean empleador = "empleador".equals(tipo) || e.code() == RefusalCode.INVALID_RUC;
			switch (e.code()) {
				case INVALID_CEDULA, INVALID_RUC -> NumberFields.rejectNumber(e.code(), empleador, result);
				case CAPTCHA_REQUIRED, CAPTCHA_INVALID -> result.rejectValue("captcha", Captcha.messageKey(e));
				default -> throw e;
			}
			return again(form, empleador, model, request);
		}
		if (outcome instanceof LoginOutcome.Rejected) {
			result.reject("login.failed");
			model.addAttribute("claveHelp", true);
			return again(form, "empleador".equals(tipo), model, request);
		}
		if (outcome instanceof LoginOutcome.ChangeRequired change) {
			signIn.signIn(change.principal(), request, response);
			// This session typed the temporary clave just now: Cambio de clave will not ask for it again.
			request.getSession().setAttribute(PasswordChangeController.TEMPORARY_LOGIN, change.login());
			return "redirect:/cambio-clave";
		}
		if (outcome instanceof LoginOutcome.Success success) {
			signIn.signIn(success.principal(), request, response);
			deviceCookie.set(response, success.deviceCookie());
			return success.agreementPending() ? "redirect:/acuerdo" : "redirect:" + AfterSignIn.next(request, "/servicios");
		}
		throw new IllegalStateException("unknown login outcome " + outcome);
	}

	/** The form again: the number as typed, never the clave; the captcha if this source must now solve it. */
	private String again(LoginForm form, boolean empleador, Model model, HttpServletRequest request) {
		form.setClave(null);
		form.setCaptcha(null);
		model.addAttribute("empleador", empleador);
		model.addAttribute("captchaRequired", login.captchaRequired(RequestOrigins.of(request)));
		return VIEW;
	}
}
