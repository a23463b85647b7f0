package ec.gob.iess.clave.credential.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import ec.gob.iess.clave.captcha.Captcha;
import ec.gob.iess.clave.credential.LoginOutcome;
import ec.gob.iess.clave.credential.LoginService;
import ec.gob.iess.clave.session.WebSignIn;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
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
 * Ingresar. Every failure redirects to the same address with the same flag, so unknown cédula,
 * wrong clave, locked, suspended and no-clave answer byte for byte alike (SECURITY.md 5).
 */
@Controller
class LoginController {

	static final String VIEW = "credential/login";

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
		model.addAttribute("form", new LoginForm());
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
			switch (e.code()) {
				case INVALID_CEDULA, INVALID_RUC -> result.rejectValue("username", "identifier." + e.code().name());
				case CAPTCHA_REQUIRED, CAPTCHA_INVALID -> result.rejectValue("captcha", Captcha.messageKey(e));
				default -> throw e;
			}
			form.setClave(null);
			form.setCaptcha(null);
			model.addAttribute("empleador", "empleador".equals(tipo) || e.code() == RefusalCode.INVALID_RUC);
			model.addAttribute("captchaRequired", login.captchaRequired(RequestOrigins.of(request)));
			return VIEW;
		}
		if (outcome instanceof LoginOutcome.ChangeRequired change) {
			signIn.signIn(change.principal(), request, response);
			return "redirect:/cambio-clave";
		}
		if (outcome instanceof LoginOutcome.Success success) {
			signIn.signIn(success.principal(), request, response);
			deviceCookie.set(response, success.deviceCookie());
			return success.agreementPending() ? "redirect:/acuerdo" : "redirect:/servicios";
		}
		return "redirect:/ingresar?error";
	}
}
