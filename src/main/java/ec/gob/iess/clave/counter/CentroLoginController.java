package ec.gob.iess.clave.counter;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.session.ClavePrincipal;
import ec.gob.iess.clave.session.WebSignIn;
import ec.gob.iess.clave.web.RequestOrigins;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The staff's login to the back office: usuario, contraseña and the code of the authenticator app, through
 * the one staff login ({@link StaffLoginService}: the same limits, audit and single-use codes as the API).
 * Every failure answers the same form with one message; a code already used is named (decision 61).
 *
 * <p>Someone whose TOTP secret is not enrolled yet (every new staff member, the first administrator) is
 * led, after the right password, to {@code /centro/activar}: the QR code of the secret and its text, and a
 * current code to type. Only that code makes a staff session (decision 82). The session meanwhile holds
 * the username and the time, never the secret.
 */
@Controller
class CentroLoginController {

	static final String LOGIN_VIEW = "centro/login";
	static final String ENROLMENT_VIEW = "centro/enrolment";
	static final String PENDING = CentroLoginController.class.getName() + ".enrolment";

	/** How long the enrolment page stays open after the password was typed. */
	static final Duration ENROLMENT_WINDOW = Duration.ofMinutes(10);

	/** Who typed the right password, and when; kept in the staff session until the first code. */
	record PendingEnrolment(String username, Instant since) implements Serializable {
	}

	private final StaffLoginService login;
	private final WebSignIn signIn;
	private final MessageSource messages;
	private final Clock clock;

	CentroLoginController(StaffLoginService login, WebSignIn signIn, MessageSource messages, Clock clock) {
		this.login = login;
		this.signIn = signIn;
		this.messages = messages;
		this.clock = clock;
	}

	@GetMapping("/centro/ingresar")
	String form(Model model) {
		model.addAttribute("form", new CentroForms.Login());
		return LOGIN_VIEW;
	}

	@PostMapping("/centro/ingresar")
	String submit(@ModelAttribute("form") CentroForms.Login form, BindingResult result, HttpServletRequest request,
			HttpServletResponse response) {
		StaffLoginService.PageLogin outcome;
		try {
			outcome = login.pageLogin(form.getUsername(), form.getPassword(), blankToNull(form.getTotp()),
					RequestOrigins.of(request));
		}
		catch (Refusal e) {
			return refused(e, form, result, response, LOGIN_VIEW);
		}
		if (outcome instanceof StaffLoginService.PageLogin.SignedIn signedIn) {
			signIn.signIn(signedIn.principal(), request, response);
			return "redirect:/centro";
		}
		if (outcome instanceof StaffLoginService.PageLogin.EnrolmentRequired enrolment) {
			request.getSession(true);
			request.changeSessionId();
			request.getSession().setAttribute(PENDING, new PendingEnrolment(enrolment.username(), clock.instant()));
			return "redirect:/centro/activar";
		}
		result.reject("centro.login.failed");
		form.setPassword(null);
		form.setTotp(null);
		return LOGIN_VIEW;
	}

	@GetMapping("/centro/activar")
	String enrolment(Model model, HttpServletRequest request) {
		Optional<StaffLoginService.Enrolment> enrolment = pending(request).flatMap(p -> login.enrolment(p.username()));
		if (enrolment.isEmpty()) {
			return "redirect:/centro/ingresar";
		}
		model.addAttribute("form", new CentroForms.Enrolment());
		return enrolmentPage(enrolment.get(), model);
	}

	@PostMapping("/centro/activar")
	String confirm(@ModelAttribute("form") CentroForms.Enrolment form, BindingResult result, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		Optional<PendingEnrolment> pending = pending(request);
		Optional<StaffLoginService.Enrolment> enrolment = pending.flatMap(p -> login.enrolment(p.username()));
		if (enrolment.isEmpty()) {
			return "redirect:/centro/ingresar";
		}
		Optional<ClavePrincipal> principal;
		try {
			principal = login.confirmEnrolment(pending.get().username(), blankToNull(form.getTotp()),
					RequestOrigins.of(request));
		}
		catch (Refusal e) {
			refused(e, null, result, response, ENROLMENT_VIEW);
			return enrolmentPage(enrolment.get(), model);
		}
		if (principal.isEmpty()) {
			result.rejectValue("totp", "centro.enrol.wrongCode");
			form.setTotp(null);
			return enrolmentPage(enrolment.get(), model);
		}
		request.getSession().removeAttribute(PENDING);
		signIn.signIn(principal.get(), request, response);
		return "redirect:/centro?activado";
	}

	private String enrolmentPage(StaffLoginService.Enrolment enrolment, Model model) {
		model.addAttribute("username", enrolment.username());
		model.addAttribute("qrCode", TotpQrCode.svg(enrolment.uri(),
				messages.getMessage("centro.enrol.qr.label", null, LocaleContextHolder.getLocale())));
		// In groups of four, as authenticator apps show a secret typed by hand.
		model.addAttribute("secret", enrolment.secret().replaceAll("(.{4})(?!$)", "$1 "));
		return ENROLMENT_VIEW;
	}

	/** The pending enrolment of this browser, while the window lasts. */
	private Optional<PendingEnrolment> pending(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || !(session.getAttribute(PENDING) instanceof PendingEnrolment pending)) {
			return Optional.empty();
		}
		if (pending.since().plus(ENROLMENT_WINDOW).isBefore(clock.instant())) {
			session.removeAttribute(PENDING);
			return Optional.empty();
		}
		return Optional.of(pending);
	}

	/** A code already used, or too many failures from here: said on the form, never as a bare error page. */
	private static String refused(Refusal e, CentroForms.Login form, BindingResult result, HttpServletResponse response,
			String view) {
		if (e.code() == RefusalCode.RATE_LIMITED) {
			response.setStatus(429);
			if (e.retryAfterSeconds() != null) {
				response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
			}
			result.reject("centro.login.rateLimited");
		}
		else if (e.code() == RefusalCode.INVALID_CREDENTIALS && e.detailKey() != null) {
			result.reject(e.detailKey());
		}
		else {
			throw e;
		}
		if (form != null) {
			form.setPassword(null);
			form.setTotp(null);
		}
		return view;
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}
}
