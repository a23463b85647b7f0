package ec.gob.iess.clave.unlock.web;

import jakarta.servlet.http.HttpServletRequest;

import ec.gob.iess.clave.captcha.Captcha;
import ec.gob.iess.clave.credential.Username;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.token.LinkPages;
import ec.gob.iess.clave.token.LinkPurpose;
import ec.gob.iess.clave.unlock.UnlockAnswer;
import ec.gob.iess.clave.unlock.UnlockConfirmation;
import ec.gob.iess.clave.unlock.UnlockService;
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
 * Desbloqueo de clave: the request page, the link page (token moved into the session at once by
 * {@link LinkPages}) with "Confirmar desbloqueo", then on to Generar/recuperar clave with the number
 * filled in.
 */
@Controller
@RequestMapping("/desbloqueo")
class UnlockController {

	static final LinkPages.Flow LINK = new LinkPages.Flow(LinkPurpose.UNLOCK, "/desbloqueo", "/desbloqueo/confirmar",
			"unlock/link-invalid");

	private final UnlockService unlock;
	private final LinkPages linkPages;

	UnlockController(UnlockService unlock, LinkPages linkPages) {
		this.unlock = unlock;
		this.linkPages = linkPages;
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
		UnlockAnswer answer;
		try {
			answer = unlock.request(form.getUsername(), form.getCaptcha(), RequestOrigins.of(request));
		}
		catch (Refusal e) {
			reject(e, form.getUsername(), result);
			model.addAttribute("empleador", "empleador".equals(tipo));
			return "unlock/start";
		}
		model.addAttribute("validMinutes", answer.validMinutes());
		return "unlock/answer";
	}

	@GetMapping("/enlace")
	String link(@RequestParam(name = "token", required = false) String token, Model model, HttpServletRequest request) {
		return linkPages.open(LINK, token, request, model);
	}

	@GetMapping("/confirmar")
	String confirmPage(Model model, HttpServletRequest request) {
		return linkPages.show(LINK, request, model, () -> "unlock/confirm");
	}

	@PostMapping("/confirmar")
	String confirm(Model model, HttpServletRequest request, RedirectAttributes redirect) {
		return linkPages.use(LINK, request, token -> {
			linkPages.release(LINK, request);
			UnlockConfirmation confirmation = unlock.confirm(token, RequestOrigins.of(request));
			if (confirmation instanceof UnlockConfirmation.LinkRefused refused) {
				return linkPages.refused(LINK, refused.expired(), request, model);
			}
			String account = ((UnlockConfirmation.Unlocked) confirmation).account();
			// The number travels in the session's flash, never in the address.
			redirect.addFlashAttribute("recuperarCedula", account);
			redirect.addFlashAttribute("unlocked", true);
			return account.length() == 13 ? "redirect:/recuperar?tipo=empleador" : "redirect:/recuperar";
		});
	}

	/**
	 * The number's and the captcha's refusals on their fields. The service stops at a refused captcha;
	 * the page still names a malformed number, so that one more try can fix both.
	 */
	static void reject(Refusal refusal, String number, BindingResult result) {
		switch (refusal.code()) {
			case CAPTCHA_REQUIRED, CAPTCHA_INVALID -> {
				result.rejectValue("captcha", Captcha.messageKey(refusal));
				try {
					Username.parse(number);
				}
				catch (Refusal malformed) {
					result.rejectValue("username", "identifier." + malformed.code().name());
				}
			}
			case INVALID_CEDULA, INVALID_RUC -> result.rejectValue("username", "identifier." + refusal.code().name());
			default -> throw refusal;
		}
	}
}
