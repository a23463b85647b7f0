package ec.gob.iess.clave.unlock.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import ec.gob.iess.clave.captcha.Captcha;
import ec.gob.iess.clave.credential.Username;
import ec.gob.iess.clave.token.LinkCheck;
import ec.gob.iess.clave.unlock.UnlockService;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.web.RequestOrigins;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Desbloqueo de clave: the request page, the link page (token moved into the session at once) with
 * "Confirmar desbloqueo", then on to Generar/recuperar clave with the number filled in.
 */
@Controller
@RequestMapping("/desbloqueo")
class UnlockController {

	static final String TOKEN = UnlockController.class.getName() + ".token";

	private final UnlockService unlock;
	private final Captcha captcha;

	UnlockController(UnlockService unlock, Captcha captcha) {
		this.unlock = unlock;
		this.captcha = captcha;
	}

	@GetMapping
	String form(@RequestParam(name = "tipo", required = false) String tipo, Model model) {
		model.addAttribute("form", new UnlockForm());
		model.addAttribute("empleador", "empleador".equals(tipo));
		return "unlock/start";
	}

	@PostMapping
	String request(@ModelAttribute("form") UnlockForm form, BindingResult result,
			@RequestParam(name = "tipo", required = false) String tipo, Model model, HttpServletRequest request) {
		model.addAttribute("empleador", "empleador".equals(tipo));
		try {
			captcha.verify(form.getCaptcha());
		}
		catch (Refusal e) {
			result.rejectValue("captcha", "captcha." + e.code().name());
		}
		try {
			Username.parse(form.getUsername());
		}
		catch (Refusal e) {
			result.rejectValue("username", "identifier." + e.code().name());
		}
		if (result.hasErrors()) {
			return "unlock/start";
		}
		unlock.request(form.getUsername(), RequestOrigins.of(request));
		model.addAttribute("validMinutes", unlock.validMinutes());
		return "unlock/answer";
	}

	/**
	 * Opening the link changes nothing but this browser's session, which only a valid link creates: the
	 * token has to leave the address, and there are no more such sessions than links sent by mail.
	 */
	@GetMapping("/enlace")
	String link(@RequestParam(name = "token", required = false) String token, Model model, HttpServletRequest request) {
		LinkCheck check = unlock.check(token);
		if (check instanceof LinkCheck.Valid) {
			request.getSession().setAttribute(TOKEN, token);
			return "redirect:/desbloqueo/confirmar";
		}
		model.addAttribute("expired", check instanceof LinkCheck.Expired);
		return "unlock/link-invalid";
	}

	@GetMapping("/confirmar")
	String confirmPage(Model model, HttpServletRequest request) {
		if (!(token(request) instanceof String token)) {
			return "redirect:/desbloqueo";
		}
		LinkCheck check = unlock.check(token);
		if (!(check instanceof LinkCheck.Valid)) {
			request.getSession().removeAttribute(TOKEN);
			model.addAttribute("expired", check instanceof LinkCheck.Expired);
			return "unlock/link-invalid";
		}
		return "unlock/confirm";
	}

	@PostMapping("/confirmar")
	String confirm(Model model, HttpServletRequest request, RedirectAttributes redirect) {
		if (!(token(request) instanceof String token)) {
			return "redirect:/desbloqueo";
		}
		request.getSession().removeAttribute(TOKEN);
		String account;
		try {
			account = unlock.confirm(token, RequestOrigins.of(request));
		}
		catch (Refusal e) {
			model.addAttribute("expired", unlock.check(token) instanceof LinkCheck.Expired);
			return "unlock/link-invalid";
		}
		// The number travels in the session's flash, never in the address.
		redirect.addFlashAttribute("recuperarCedula", account);
		redirect.addFlashAttribute("unlocked", true);
		return account.length() == 13 ? "redirect:/recuperar?tipo=empleador" : "redirect:/recuperar";
	}

	/** Reads the link's token without creating a session: a stranger's visit must write nothing. */
	private static Object token(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return session == null ? null : session.getAttribute(TOKEN);
	}
}
