package ec.gob.iess.clave.recovery.web;

import java.time.LocalDate;
import java.time.DateTimeException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import ec.gob.iess.clave.captcha.Captcha;
import ec.gob.iess.clave.credential.AgreementService;
import ec.gob.iess.clave.credential.Username;
import ec.gob.iess.clave.recovery.RecoveryAnswer;
import ec.gob.iess.clave.recovery.RecoveryService;
import ec.gob.iess.clave.token.LinkCheck;
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

/**
 * Generar/recuperar clave in three pages: the number with the captcha ("Buscar"); the birth date and
 * código dactilar; then, from the emailed link, the new clave. The link's token leaves the address
 * bar at once: it moves into the session and the browser is sent to a page without it.
 */
@Controller
@RequestMapping("/recuperar")
class RecoveryController {

	static final String USERNAME = RecoveryController.class.getName() + ".username";
	static final String TOKEN = RecoveryController.class.getName() + ".token";
	static final String PREFILL = "recuperarCedula";

	private final RecoveryService recovery;
	private final Captcha captcha;
	private final AgreementService agreements;

	RecoveryController(RecoveryService recovery, Captcha captcha, AgreementService agreements) {
		this.recovery = recovery;
		this.captcha = captcha;
		this.agreements = agreements;
	}

	@GetMapping
	String start(@RequestParam(name = "tipo", required = false) String tipo, Model model) {
		RecoveryForm form = new RecoveryForm();
		Object prefill = model.getAttribute(PREFILL);
		if (prefill instanceof String cedula) {
			form.setUsername(cedula);
		}
		model.addAttribute("form", form);
		model.addAttribute("empleador", "empleador".equals(tipo));
		return "recovery/start";
	}

	@PostMapping
	String search(@ModelAttribute("form") RecoveryForm form, BindingResult result,
			@RequestParam(name = "tipo", required = false) String tipo, Model model, HttpServletRequest request) {
		model.addAttribute("empleador", "empleador".equals(tipo));
		try {
			captcha.verify(form.getCaptcha());
		}
		catch (Refusal e) {
			result.rejectValue("captcha", "captcha." + e.code().name());
		}
		String username = null;
		try {
			username = Username.parse(form.getUsername()).value();
		}
		catch (Refusal e) {
			result.rejectValue("username", "identifier." + e.code().name());
		}
		if (result.hasErrors()) {
			HttpSession session = request.getSession(false);
			if (session != null) {
				session.removeAttribute(USERNAME);
			}
			return "recovery/start";
		}
		// The first server state of the flow, after a solved captcha: each session costs a proof of work.
		request.getSession().setAttribute(USERNAME, username);
		return "redirect:/recuperar/identidad";
	}

	@GetMapping("/identidad")
	String identity(Model model, HttpServletRequest request) {
		if (!(attribute(request, USERNAME) instanceof String username)) {
			return "redirect:/recuperar";
		}
		model.addAttribute("form", new RecoveryForm());
		model.addAttribute("empleador", username.length() == 13);
		return "recovery/identity";
	}

	@PostMapping("/identidad")
	String confirm(@ModelAttribute("form") RecoveryForm form, BindingResult result, Model model,
			HttpServletRequest request) {
		if (!(attribute(request, USERNAME) instanceof String username)) {
			return "redirect:/recuperar";
		}
		HttpSession session = request.getSession();
		model.addAttribute("empleador", username.length() == 13);
		LocalDate birthDate = birthDate(form.getFechaNacimiento());
		if (birthDate == null) {
			result.rejectValue("fechaNacimiento", "recovery.birthDate.invalid");
			return "recovery/identity";
		}
		// One try per captcha: guessing the printed data costs a new captcha each time.
		session.removeAttribute(USERNAME);
		RecoveryAnswer answer = recovery.request(username, birthDate, form.getCodigoDactilar(), RequestOrigins.of(request));
		if (answer instanceof RecoveryAnswer.Sent sent) {
			model.addAttribute("maskedEmail", sent.maskedEmail());
			model.addAttribute("validMinutes", sent.validMinutes());
		}
		return "recovery/answer";
	}

	/**
	 * Opening the link changes nothing but this browser's session, which only a valid link creates: the
	 * token has to leave the address, and there are no more such sessions than links sent by mail.
	 */
	@GetMapping("/enlace")
	String link(@RequestParam(name = "token", required = false) String token, Model model, HttpServletRequest request) {
		LinkCheck check = recovery.check(token);
		if (check instanceof LinkCheck.Valid) {
			request.getSession().setAttribute(TOKEN, token);
			return "redirect:/recuperar/nueva-clave";
		}
		model.addAttribute("expired", check instanceof LinkCheck.Expired);
		return "recovery/link-invalid";
	}

	@GetMapping("/nueva-clave")
	String newClave(Model model, HttpServletRequest request) {
		if (!(attribute(request, TOKEN) instanceof String token)) {
			return "redirect:/recuperar";
		}
		if (!(recovery.check(token) instanceof LinkCheck.Valid)) {
			request.getSession().removeAttribute(TOKEN);
			model.addAttribute("expired", true);
			return "recovery/link-invalid";
		}
		model.addAttribute("form", new RecoveryForm());
		model.addAttribute("agreement", agreements.current().body());
		return "recovery/new-clave";
	}

	@PostMapping("/nueva-clave")
	String generate(@ModelAttribute("form") RecoveryForm form, BindingResult result, Model model,
			HttpServletRequest request) {
		if (!(attribute(request, TOKEN) instanceof String token)) {
			return "redirect:/recuperar";
		}
		HttpSession session = request.getSession();
		model.addAttribute("agreement", agreements.current().body());
		if (form.getNuevaClave() == null || !form.getNuevaClave().equals(form.getConfirmarClave())) {
			result.rejectValue("confirmarClave", "clave.mismatch");
			return rerender(form);
		}
		try {
			recovery.reset(token, form.getNuevaClave(), form.isAcepto(), RequestOrigins.of(request));
		}
		catch (Refusal e) {
			switch (e.code()) {
				case AGREEMENT_REQUIRED -> result.rejectValue("acepto", "agreement.required");
				case WEAK_PASSWORD -> e.reasons().forEach(reason -> result.rejectValue("nuevaClave", "clave.weak." + reason));
				case TOKEN_INVALID -> {
					session.removeAttribute(TOKEN);
					model.addAttribute("expired", false);
					return "recovery/link-invalid";
				}
				default -> throw e;
			}
			return rerender(form);
		}
		session.removeAttribute(TOKEN);
		return "redirect:/ingresar?generada";
	}

	/**
	 * A text field rather than a date picker: scrolling back decades on an old phone's picker is hard.
	 * Accepts "21/04/1958" (as printed on the cédula, with / - or .) and "1958-04-21".
	 */
	static LocalDate birthDate(String typed) {
		if (typed == null) {
			return null;
		}
		String value = typed.strip();
		try {
			if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
				return LocalDate.parse(value);
			}
			String[] parts = value.split("[/.-]");
			if (parts.length == 3 && parts[2].length() == 4) {
				return LocalDate.of(Integer.parseInt(parts[2]), Integer.parseInt(parts[1]), Integer.parseInt(parts[0]));
			}
		}
		catch (DateTimeException | NumberFormatException e) {
			return null;
		}
		return null;
	}

	/** Reads the flow's state without creating a session: a stranger's visit must write nothing. */
	private static Object attribute(HttpServletRequest request, String name) {
		HttpSession session = request.getSession(false);
		return session == null ? null : session.getAttribute(name);
	}

	private static String rerender(RecoveryForm form) {
		form.setNuevaClave(null);
		form.setConfirmarClave(null);
		return "recovery/new-clave";
	}
}
