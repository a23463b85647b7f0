package ec.gob.iess.clave.recovery.web;

import java.time.DateTimeException;
import java.time.LocalDate;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import ec.gob.iess.clave.captcha.Captcha;
import ec.gob.iess.clave.credential.AgreementService;
import ec.gob.iess.clave.credential.Username;
import ec.gob.iess.clave.recovery.RecoveryAnswer;
import ec.gob.iess.clave.recovery.RecoveryReset;
import ec.gob.iess.clave.recovery.RecoveryService;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.token.LinkPages;
import ec.gob.iess.clave.token.LinkPurpose;
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
 * bar at once ({@link LinkPages}).
 */
@Controller
@RequestMapping("/recuperar")
class RecoveryController {

	static final String USERNAME = RecoveryController.class.getName() + ".username";
	static final String PREFILL = "recuperarCedula";

	static final LinkPages.Flow LINK = new LinkPages.Flow(LinkPurpose.RECOVERY, "/recuperar", "/recuperar/nueva-clave",
			"recovery/link-invalid");

	private final RecoveryService recovery;
	private final LinkPages linkPages;
	private final AgreementService agreements;

	RecoveryController(RecoveryService recovery, LinkPages linkPages, AgreementService agreements) {
		this.recovery = recovery;
		this.linkPages = linkPages;
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
		forget(request);
		try {
			String username = recovery.search(form.getUsername(), form.getCaptcha(), RequestOrigins.of(request)).value();
			// The flow's first server state, after a solved captcha: each such session costs a proof of work.
			request.getSession().setAttribute(USERNAME, username);
		}
		catch (Refusal e) {
			reject(e, form.getUsername(), result);
			model.addAttribute("empleador", "empleador".equals(tipo));
			return "recovery/start";
		}
		return "redirect:/recuperar/identidad";
	}

	@GetMapping("/identidad")
	String identity(Model model, HttpServletRequest request) {
		if (!(searched(request) instanceof String username)) {
			return "redirect:/recuperar";
		}
		model.addAttribute("form", new RecoveryForm());
		model.addAttribute("empleador", username.length() == 13);
		return "recovery/identity";
	}

	@PostMapping("/identidad")
	String confirm(@ModelAttribute("form") RecoveryForm form, BindingResult result, Model model,
			HttpServletRequest request) {
		if (!(searched(request) instanceof String username)) {
			return "redirect:/recuperar";
		}
		model.addAttribute("empleador", username.length() == 13);
		LocalDate birthDate = birthDate(form.getFechaNacimiento());
		if (birthDate == null) {
			result.rejectValue("fechaNacimiento", "recovery.birthDate.invalid");
			return "recovery/identity";
		}
		// One try per captcha: guessing the printed data costs a new captcha each time.
		forget(request);
		RecoveryAnswer answer = recovery.requestFor(Username.parse(username), birthDate, form.getCodigoDactilar(),
				RequestOrigins.of(request));
		if (answer instanceof RecoveryAnswer.Sent sent) {
			model.addAttribute("maskedEmail", sent.maskedEmail());
			model.addAttribute("validMinutes", sent.validMinutes());
		}
		return "recovery/answer";
	}

	@GetMapping("/enlace")
	String link(@RequestParam(name = "token", required = false) String token, Model model, HttpServletRequest request) {
		return linkPages.open(LINK, token, request, model);
	}

	@GetMapping("/nueva-clave")
	String newClave(Model model, HttpServletRequest request) {
		return linkPages.show(LINK, request, model, () -> {
			model.addAttribute("form", new RecoveryForm());
			model.addAttribute("agreement", agreements.current().body());
			return "recovery/new-clave";
		});
	}

	@PostMapping("/nueva-clave")
	String generate(@ModelAttribute("form") RecoveryForm form, BindingResult result, Model model,
			HttpServletRequest request) {
		return linkPages.use(LINK, request, token -> {
			model.addAttribute("agreement", agreements.current().body());
			if (form.getNuevaClave() == null || !form.getNuevaClave().equals(form.getConfirmarClave())) {
				result.rejectValue("confirmarClave", "clave.mismatch");
				return rerender(form);
			}
			RecoveryReset reset;
			try {
				reset = recovery.reset(token, form.getNuevaClave(), form.isAcepto(), RequestOrigins.of(request));
			}
			catch (Refusal e) {
				if (e.code() == RefusalCode.AGREEMENT_REQUIRED) {
					result.rejectValue("acepto", "agreement.required");
				}
				else if (e.code() == RefusalCode.WEAK_PASSWORD) {
					e.reasons().forEach(reason -> result.rejectValue("nuevaClave", "clave.weak." + reason));
				}
				else {
					throw e;
				}
				return rerender(form);
			}
			if (reset instanceof RecoveryReset.LinkRefused refused) {
				return linkPages.refused(LINK, refused.expired(), request, model);
			}
			linkPages.release(LINK, request);
			return "redirect:/ingresar?generada";
		});
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

	private static String rerender(RecoveryForm form) {
		form.setNuevaClave(null);
		form.setConfirmarClave(null);
		return "recovery/new-clave";
	}

	/** The number that passed Buscar, read without creating a session: a stranger's visit writes nothing. */
	private static Object searched(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return session == null ? null : session.getAttribute(USERNAME);
	}

	private static void forget(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.removeAttribute(USERNAME);
		}
	}
}
