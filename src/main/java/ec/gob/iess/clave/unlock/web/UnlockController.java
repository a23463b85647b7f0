package ec.gob.iess.clave.unlock.web;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import ec.gob.iess.clave.credential.AccountKind;
import ec.gob.iess.clave.credential.NumberFields;
import ec.gob.iess.clave.credential.Username;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.token.LinkPages;
import ec.gob.iess.clave.token.LinkPurpose;
import ec.gob.iess.clave.unlock.UnlockAnswer;
import ec.gob.iess.clave.unlock.UnlockConfirmation;
import ec.gob.iess.clave.unlock.UnlockService;
import ec.gob.iess.clave.unlock.UnlockSettings;
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
 * {@link LinkPages}) with "Confirmar desbloqueo", usable for {@code clave.unlock.confirm-window} after
 * the link was opened in time; then a page of its own saying the clave works again, which offers
 * Ingresar, or Generar/recuperar clave, with the number filled in (carried in the session, never in
 * the address).
 */
@Controller
@RequestMapping("/desbloqueo")
class UnlockController {

	/** "10:42": people read local time; the link's times are kept in UTC. */
	static final DateTimeFormatter ECUADOR_TIME = DateTimeFormatter.ofPattern("HH:mm")
		.withZone(ZoneId.of("America/Guayaquil"));

	/** The login page's flash attribute for the number to fill in ({@code credential.web.LoginController.NUMBER}). */
	static final String LOGIN_NUMBER = "ingresarNumero";

	/** The account just unlocked in this browser, for the two ways on from the page that says so. */
	static final String UNLOCKED = UnlockController.class.getName() + ".unlocked";

	private final UnlockService unlock;
	private final LinkPages linkPages;
	private final LinkPages.Flow link;

	UnlockController(UnlockService unlock, LinkPages linkPages, UnlockSettings settings) {
		this.unlock = unlock;
		this.linkPages = linkPages;
		this.link = new LinkPages.Flow(LinkPurpose.UNLOCK, "/desbloqueo", "/desbloqueo/confirmar", "unlock/link-invalid",
				settings.confirmWindow());
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
			NumberFields.reject(e, form.getUsername(), "empleador".equals(tipo), result);
			model.addAttribute("empleador", "empleador".equals(tipo));
			return "unlock/start";
		}
		model.addAttribute("validMinutes", answer.validMinutes());
		model.addAttribute("empleador", "empleador".equals(tipo));
		return "unlock/answer";
	}

	@GetMapping("/enlace")
	String link(@RequestParam(name = "token", required = false) String token, Model model, HttpServletRequest request) {
		return linkPages.open(link, token, request, model);
	}

	@GetMapping("/confirmar")
	String confirmPage(Model model, HttpServletRequest request) {
		return linkPages.show(link, request, model, valid -> {
			// The link was issued for a holder found by a parsed Username, so the stored name parses again.
			Username account = Username.parse(valid.account());
			model.addAttribute("empleador", account.kind() == AccountKind.EMPLEADOR);
			model.addAttribute("accountEnding", account.ending());
			model.addAttribute("until", ECUADOR_TIME.format(valid.expiresAt()));
			return "unlock/confirm";
		});
	}

	@PostMapping("/confirmar")
	String confirm(Model model, HttpServletRequest request) {
		return linkPages.use(link, request, held -> {
			linkPages.release(link, request);
			UnlockConfirmation confirmation = unlock.confirm(held.token(), held.opening(), RequestOrigins.of(request));
			if (confirmation instanceof UnlockConfirmation.LinkRefused refused) {
				return linkPages.refused(link, refused.expired(), request, model);
			}
			request.getSession().setAttribute(UNLOCKED, ((UnlockConfirmation.Unlocked) confirmation).account());
			return "redirect:/desbloqueo/desbloqueada";
		});
	}

	@GetMapping("/desbloqueada")
	String unlocked(Model model, HttpServletRequest request) {
		if (!(unlockedHere(request) instanceof String account)) {
			return "redirect:/desbloqueo";
		}
		model.addAttribute("empleador", account.length() == 13);
		return "unlock/done";
	}

	/** "Ingresar": the login with the number filled in. */
	@PostMapping("/desbloqueada/ingresar")
	String login(HttpServletRequest request, RedirectAttributes redirect) {
		return onwards(request, redirect, LOGIN_NUMBER, "/ingresar");
	}

	/** "Generar una nueva clave": Generar/recuperar clave with the number filled in. */
	@PostMapping("/desbloqueada/nueva-clave")
	String newClave(HttpServletRequest request, RedirectAttributes redirect) {
		return onwards(request, redirect, "recuperarCedula", "/recuperar");
	}

	/** The number travels in the session's flash, never in the address; employers keep their pages. */
	private static String onwards(HttpServletRequest request, RedirectAttributes redirect, String prefill, String page) {
		if (!(unlockedHere(request) instanceof String account)) {
			return "redirect:/desbloqueo";
		}
		// Once on its way, the number leaves the session: a shared computer's next user finds nothing.
		request.getSession().removeAttribute(UNLOCKED);
		redirect.addFlashAttribute(prefill, account);
		return "redirect:" + page + (account.length() == 13 ? "?tipo=empleador" : "");
	}

	private static Object unlockedHere(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return session == null ? null : session.getAttribute(UNLOCKED);
	}
}
