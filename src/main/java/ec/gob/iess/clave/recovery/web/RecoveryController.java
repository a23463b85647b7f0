package ec.gob.iess.clave.recovery.web;

import java.time.DateTimeException;
import java.time.LocalDate;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import ec.gob.iess.clave.credential.AccountKind;
import ec.gob.iess.clave.credential.AgreementService;
import ec.gob.iess.clave.credential.NumberFields;
import ec.gob.iess.clave.credential.Username;
import ec.gob.iess.clave.identity.FingerprintCode;
import ec.gob.iess.clave.recovery.RecoveryAnswer;
import ec.gob.iess.clave.recovery.RecoveryReset;
import ec.gob.iess.clave.recovery.RecoveryService;
import ec.gob.iess.clave.recovery.RecoverySettings;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.token.LinkPages;
import ec.gob.iess.clave.token.LinkPurpose;
import ec.gob.iess.clave.web.RequestOrigins;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Generar/recuperar clave in three pages: the number with the captcha ("Buscar"); the birth date and
 * código dactilar, which may be corrected and sent again {@code clave.recovery.tries-per-captcha} times
 * before the captcha is asked again (decision 63); then, from the emailed link, the new clave. The
 * link's token leaves the address bar at once ({@link LinkPages}).
 */
@Controller
@RequestMapping("/recuperar")
class RecoveryController {

	static final String USERNAME = RecoveryController.class.getName() + ".username";
	static final String TRIES = RecoveryController.class.getName() + ".tries";
	static final String PREFILL = "recuperarCedula";
	/** The login page's flash attribute for the number to fill in ({@code credential.web.LoginController.NUMBER}). */
	static final String LOGIN_NUMBER = "ingresarNumero";

	private final RecoveryService recovery;
	private final LinkPages linkPages;
	private final AgreementService agreements;
	private final RecoverySettings settings;
	private final LinkPages.Flow link;

	RecoveryController(RecoveryService recovery, LinkPages linkPages, AgreementService agreements,
			RecoverySettings settings) {
		this.recovery = recovery;
		this.linkPages = linkPages;
		this.agreements = agreements;
		this.settings = settings;
		this.link = new LinkPages.Flow(LinkPurpose.RECOVERY, "/recuperar", "/recuperar/nueva-clave",
				"recovery/link-invalid", settings.newClaveWindow());
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
			NumberFields.reject(e, form.getUsername(), "empleador".equals(tipo), result);
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
		return identityPage(username, model);
	}

	/**
	 * The birth date and código dactilar. A malformed one is named on its field and costs no try; data
	 * that do not match (or an unknown number, or no verified contact: one answer) bring the form back
	 * with what was typed, until the tries of this captcha are spent; then the first page, number kept.
	 */
	@PostMapping("/identidad")
	String confirm(@ModelAttribute("form") RecoveryForm form, BindingResult result, Model model,
			HttpServletRequest request) {
		if (!(searched(request) instanceof String username)) {
			return "redirect:/recuperar";
		}
		LocalDate birthDate = birthDate(form.getFechaNacimiento());
		if (birthDate == null) {
			result.rejectValue("fechaNacimiento", "recovery.birthDate.invalid");
		}
		if (!FingerprintCode.isValid(form.getCodigoDactilar())) {
			result.rejectValue("codigoDactilar", "recovery.fingerprintCode.invalid");
		}
		if (result.hasErrors()) {
			return identityPage(username, model);
		}
		RecoveryAnswer answer = recovery.requestFor(Username.parse(username), birthDate, form.getCodigoDactilar(),
				RequestOrigins.of(request));
		if (answer instanceof RecoveryAnswer.Sent sent) {
			forget(request);
			model.addAttribute("maskedEmail", sent.maskedEmail());
			model.addAttribute("validMinutes", sent.validMinutes());
			model.addAttribute("empleador", username.length() == 13);
			return "recovery/answer";
		}
		int tries = (request.getSession().getAttribute(TRIES) instanceof Integer before ? before : 0) + 1;
		boolean empleador = username.length() == 13;
		String notConfirmed = empleador ? "recovery.identity.notConfirmed.employer" : "recovery.identity.notConfirmed";
		if (tries >= settings.triesPerCaptcha()) {
			// Guessing the printed data costs a new captcha every few tries (decision 63).
			forget(request);
			RecoveryForm start = new RecoveryForm();
			start.setUsername(username);
			model.addAttribute("form", start);
			BindingResult startResult = new BeanPropertyBindingResult(start, "form");
			startResult.reject(notConfirmed);
			startResult.reject("recovery.identity.again");
			model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "form", startResult);
			model.addAttribute("empleador", empleador);
			return "recovery/start";
		}
		request.getSession().setAttribute(TRIES, tries);
		result.reject(notConfirmed);
		result.reject("recovery.identity.triesLeft", new Object[] { settings.triesPerCaptcha() - tries }, null);
		return identityPage(username, model);
	}

	private static String identityPage(String username, Model model) {
		model.addAttribute("empleador", username.length() == 13);
		model.addAttribute("searched", username);
		return "recovery/identity";
	}

	@GetMapping("/enlace")
	String link(@RequestParam(name = "token", required = false) String token, Model model, HttpServletRequest request) {
		return linkPages.open(link, token, request, model);
	}

	@GetMapping("/nueva-clave")
	String newClave(Model model, HttpServletRequest request) {
		return linkPages.show(link, request, model, valid -> {
			// The link was issued for a holder found by a parsed Username, so the stored name parses again.
			Username account = Username.parse(valid.account());
			model.addAttribute("empleador", account.kind() == AccountKind.EMPLEADOR);
			model.addAttribute("accountEnding", account.ending());
			model.addAttribute("form", new RecoveryForm());
			model.addAttribute("agreement", agreements.current().body());
			return "recovery/new-clave";
		});
	}

	@PostMapping("/nueva-clave")
	String generate(@ModelAttribute("form") RecoveryForm form, BindingResult result, Model model,
			HttpServletRequest request, RedirectAttributes redirect) {
		return linkPages.use(link, request, held -> {
			model.addAttribute("agreement", agreements.current().body());
			if (form.getNuevaClave() == null || !form.getNuevaClave().equals(form.getConfirmarClave())) {
				result.rejectValue("confirmarClave", "clave.mismatch");
				return rerender(form);
			}
			RecoveryReset reset;
			try {
				reset = recovery.reset(held.token(), held.opening(), form.getNuevaClave(), form.isAcepto(), RequestOrigins.of(request));
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
				return linkPages.refused(link, refused.expired(), request, model);
			}
			linkPages.release(link, request);
			// The number waits on the login page in this browser's session, never in the address.
			Username account = ((RecoveryReset.Done) reset).account();
			redirect.addFlashAttribute(LOGIN_NUMBER, account.value());
			return account.kind() == AccountKind.EMPLEADOR ? "redirect:/ingresar?tipo=empleador&generada"
					: "redirect:/ingresar?generada";
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
			session.removeAttribute(TRIES);
		}
	}
}
