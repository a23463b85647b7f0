package ec.gob.iess.clave.counter;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.biometric.FingerprintCheck;
import ec.gob.iess.clave.biometric.FingerprintImage;
import ec.gob.iess.clave.credential.CredentialAdministration.TemporaryClave;
import ec.gob.iess.clave.identity.Cedula;
import ec.gob.iess.clave.identity.FingerprintCode;
import ec.gob.iess.clave.identity.InvalidIdentifierException;
import ec.gob.iess.clave.identity.PersonRole;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.session.ClavePrincipal;
import ec.gob.iess.clave.session.Secrets;
import ec.gob.iess.clave.web.Uploads;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A person at the counter: the page with their state, verified contact and last audit events, and each
 * action as a form that calls the same {@link CounterService} method as the staff API, so it is audited
 * (channel COUNTER, agent and centre) and notified exactly alike. Each action answers on the person's page
 * (post, redirect, a message), except the temporary clave: its own printable page, shown once.
 */
@Controller
class CentroPersonController {

	static final String VIEW = "centro/person";
	static final String FORM_VIEW = "centro/person-form";
	static final String TEMPORARY_VIEW = "centro/temporary";
	/** The message of the last action ({@code centro.done.<this>}), for the page after the redirect. */
	static final String DONE = "done";
	/** The refusal of the last action ({@code centro.refused.<code>}). */
	static final String REFUSED = "refused";
	/** Where "Enviar enlace para generar clave" sent the link: the masked address. */
	static final String LINK_SENT_TO = "linkSentTo";
	private static final String DPI = "problem.INVALID_REQUEST.fingerprintDpi";
	private static final int MAX_REASON = 500;
	/** Session attribute prefix: the one-time ticket of the page's "Emitir clave temporal" form. */
	static final String ISSUE_TICKET = CentroPersonController.class.getName() + ".issue.";

	private static final int EVENTS = 20;
	private static final DateTimeFormatter DAY_MONTH_YEAR = DateTimeFormatter.ofPattern("d/M/uuuu");

	private final CounterService counter;
	private final AuditLog audit;

	CentroPersonController(CounterService counter, AuditLog audit) {
		this.counter = counter;
		this.audit = audit;
	}

	@PreAuthorize(StaffAccess.COUNTER)
	@GetMapping("/centro/personas/{cedula}")
	Object person(@PathVariable String cedula, Model model, HttpServletRequest request) {
		return personPage(CounterService.cedula(cedula), model, request);
	}

	/** The person's page, or "no registrado" with the way to register. */
	private Object personPage(Cedula id, Model model, HttpServletRequest request) {
		CounterService.PersonView view;
		try {
			view = counter.view(id);
		}
		catch (Refusal e) {
			if (e.code() != RefusalCode.NOT_FOUND) {
				throw e;
			}
			CentroForms.Search search = new CentroForms.Search();
			search.setNumero(id.value());
			model.addAttribute("form", search);
			return CentroController.notRegistered(model, "cedula", "/centro/personas/" + id.value() + "/datos");
		}
		// A ticket per page shown: the temporary clave is issued for one press of this page's button only.
		String ticket = Secrets.newToken();
		request.getSession().setAttribute(ISSUE_TICKET + id.value(), ticket);
		model.addAttribute("issueTicket", ticket);
		// Each form's object, unless the page answers that form's own errors.
		if (!model.containsAttribute("suspension")) {
			model.addAttribute("suspension", new CentroForms.Suspension());
		}
		if (!model.containsAttribute("verification")) {
			model.addAttribute("verification", new CentroForms.Verification());
		}
		if (!model.containsAttribute("fingerprintReset")) {
			model.addAttribute("fingerprintReset", new CentroForms.FingerprintReset());
		}
		model.addAttribute("person", view.person());
		model.addAttribute("account", view.account());
		model.addAttribute("fingerprintEnrolled", counter.fingerprintEnrolled(id));
		model.addAttribute("contact", view.person().contact());
		model.addAttribute("events", audit.search(id.value(), EVENTS));
		// "No fui yo": the newest report, however old, so the counter that reactivates knows of it.
		model.addAttribute("fraudReport", audit.page(new AuditLog.AuditQuery(id.value(), null, AuditType.FRAUD_REPORTED,
				null, null), null, null, 1).entries().stream().findFirst().orElse(null));
		return VIEW;
	}

	@PreAuthorize(StaffAccess.COUNTER)
	@GetMapping("/centro/personas/{cedula}/datos")
	String personForm(@PathVariable String cedula, Model model) {
		Cedula id = CounterService.cedula(cedula);
		CentroForms.Person form = new CentroForms.Person();
		boolean registered = false;
		try {
			var person = counter.view(id).person();
			form.setFirstNames(person.firstNames());
			form.setLastNames(person.lastNames());
			form.setBirthDate(person.birthDate().toString());
			form.setFingerprintCode(person.fingerprintCode().value());
			form.setRoles(person.roles().stream().map(Enum::name).sorted().toList());
			registered = true;
		}
		catch (Refusal e) {
			if (e.code() != RefusalCode.NOT_FOUND) {
				throw e;
			}
		}
		return personFormPage(id, form, registered, model);
	}

	@PreAuthorize(StaffAccess.COUNTER)
	@PostMapping("/centro/personas/{cedula}/datos")
	String savePerson(@PathVariable String cedula, @ModelAttribute("form") CentroForms.Person form, BindingResult result,
			@RequestParam(name = "registrada", defaultValue = "false") boolean registered, Model model,
			@AuthenticationPrincipal ClavePrincipal principal, HttpServletRequest request, RedirectAttributes redirect) {
		Cedula id = CounterService.cedula(cedula);
		required(form.getFirstNames(), "firstNames", result);
		required(form.getLastNames(), "lastNames", result);
		LocalDate birthDate = birthDate(form.getBirthDate(), result);
		String code = fingerprintCode(form.getFingerprintCode(), result);
		Set<PersonRole> roles = roles(form.getRoles(), result);
		if (result.hasErrors()) {
			return personFormPage(id, form, registered, model);
		}
		boolean created;
		try {
			created = counter.register(id, new CounterService.PersonData(form.getFirstNames(), form.getLastNames(), birthDate,
					code, roles), StaffApiController.origin(principal, request));
		}
		catch (Refusal e) {
			if (e.code() != RefusalCode.INVALID_REQUEST) {
				throw e;
			}
			result.reject("centro.person.invalid");
			return personFormPage(id, form, registered, model);
		}
		redirect.addFlashAttribute(DONE, created ? "registered" : "updated");
		return "redirect:/centro/personas/" + id.value();
	}

	/**
	 * Issues a temporary clave and answers it on a printable page, once: the page is the answer to this
	 * post (never stored to be shown later), and the post needs the ticket of the person's page, which it
	 * spends; posting again (a reload) finds no ticket and says so, without issuing another.
	 */
	@PreAuthorize(StaffAccess.COUNTER)
	@PostMapping("/centro/personas/{cedula}/clave-temporal")
	String issueTemporary(@PathVariable String cedula, @RequestParam(name = "ticket", required = false) String ticket,
			Model model, @AuthenticationPrincipal ClavePrincipal principal, HttpServletRequest request,
			RedirectAttributes redirect) {
		Cedula id = CounterService.cedula(cedula);
		HttpSession session = request.getSession();
		Object expected = session.getAttribute(ISSUE_TICKET + id.value());
		model.addAttribute("cedula", id.value());
		if (ticket == null || !ticket.equals(expected)) {
			model.addAttribute("alreadyShown", true);
			return TEMPORARY_VIEW;
		}
		session.removeAttribute(ISSUE_TICKET + id.value());
		TemporaryClave temporary;
		try {
			temporary = counter.issueTemporary(id, StaffApiController.origin(principal, request));
		}
		catch (Refusal e) {
			return refused(e, id, redirect);
		}
		model.addAttribute("person", counter.view(id).person());
		model.addAttribute("clave", temporary.clave());
		model.addAttribute("expiresAt", temporary.expiresAt());
		return TEMPORARY_VIEW;
	}

	@PreAuthorize(StaffAccess.COUNTER)
	@PostMapping("/centro/personas/{cedula}/desbloquear")
	String unlock(@PathVariable String cedula, @AuthenticationPrincipal ClavePrincipal principal,
			HttpServletRequest request, RedirectAttributes redirect) {
		Cedula id = CounterService.cedula(cedula);
		return act(id, () -> counter.unlock(id, StaffApiController.origin(principal, request)), "unlocked", redirect);
	}

	@PreAuthorize(StaffAccess.COUNTER)
	@PostMapping("/centro/personas/{cedula}/suspender")
	Object suspend(@PathVariable String cedula, @ModelAttribute("suspension") CentroForms.Suspension form,
			BindingResult result, Model model, @AuthenticationPrincipal ClavePrincipal principal, HttpServletRequest request,
			RedirectAttributes redirect) {
		Cedula id = CounterService.cedula(cedula);
		String reason = reason(form.getReason(), "reason", "centro.suspend.reason.required", result);
		if (reason == null) {
			return personPage(id, model, request);
		}
		return act(id, () -> counter.suspend(id, reason, StaffApiController.origin(principal, request)), "suspended",
				redirect);
	}

	/**
	 * The finger and the contact shown in person, in one post (multipart: the scanner's picture is a file).
	 * The picture is read here, in memory, and never kept; a picture that is not a fingerprint, an address or
	 * a mobile the service refuses, is said on its field. A finger that is not the enrolled one changes
	 * nothing (the service audits it and notifies the person): the page says so with 409, the form kept.
	 */
	@PreAuthorize(StaffAccess.COUNTER)
	@PostMapping(Uploads.FINGERPRINT)
	Object verify(@PathVariable String cedula, @ModelAttribute("verification") CentroForms.Verification form,
			BindingResult result, Model model, @AuthenticationPrincipal ClavePrincipal principal,
			HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
		Cedula id = CounterService.cedula(cedula);
		required(form.getEmail(), "email", result);
		required(form.getMobile(), "mobile", result);
		FingerprintImage image = fingerprintImage(form, result);
		if (result.hasErrors()) {
			return personPage(id, model, request);
		}
		CounterService.Verification verification;
		try {
			verification = counter.verify(id, form.getEmail(), form.getMobile(), image,
					StaffApiController.origin(principal, request));
		}
		catch (Refusal e) {
			if (e.code() != RefusalCode.INVALID_REQUEST) {
				return refused(e, id, redirect);
			}
			if (!e.reasons().isEmpty()) {
				result.rejectValue("email", "centro.email." + e.reasons().get(0));
			}
			else if (e.detailKey() != null) {
				result.rejectValue("fingerprint", e.detailKey());
			}
			else {
				result.rejectValue("mobile", "centro.verify.mobile.invalid");
			}
			return personPage(id, model, request);
		}
		if (verification instanceof CounterService.Verification.Verified verified) {
			redirect.addFlashAttribute(DONE,
					verified.fingerprint() == FingerprintCheck.ENROLLED ? "fingerprint.enrolled" : "fingerprint.matched");
			return "redirect:/centro/personas/" + id.value();
		}
		result.reject("centro.verify.mismatch");
		response.setStatus(HttpServletResponse.SC_CONFLICT);
		return personPage(id, model, request);
	}

	/** The uploaded picture at its resolution, or null with the reason on the field it concerns. */
	private static FingerprintImage fingerprintImage(CentroForms.Verification form, BindingResult result) {
		Integer dpi;
		try {
			dpi = form.getDpi() == null || form.getDpi().isBlank() ? null : Integer.valueOf(form.getDpi().strip());
		}
		catch (NumberFormatException e) {
			result.rejectValue("dpi", DPI);
			return null;
		}
		try {
			return FingerprintImage.decode(bytes(form.getFingerprint()), dpi);
		}
		catch (Refusal e) {
			String reason = e.detailKey() == null ? "problem.INVALID_REQUEST" : e.detailKey();
			result.rejectValue(DPI.equals(reason) ? "dpi" : "fingerprint", reason);
			return null;
		}
	}

	private static byte[] bytes(MultipartFile file) {
		if (file == null || file.isEmpty()) {
			return null;
		}
		try {
			return file.getBytes();
		}
		catch (IOException e) {
			return null;
		}
	}

	/** A supervisor forgets the enrolled finger, with a reason, so that the next verification enrols again. */
	@PreAuthorize(StaffAccess.SUPERVISOR)
	@PostMapping("/centro/personas/{cedula}/huella/restablecer")
	Object resetFingerprint(@PathVariable String cedula,
			@ModelAttribute("fingerprintReset") CentroForms.FingerprintReset form, BindingResult result, Model model,
			@AuthenticationPrincipal ClavePrincipal principal, HttpServletRequest request, RedirectAttributes redirect) {
		Cedula id = CounterService.cedula(cedula);
		String reason = reason(form.getResetReason(), "resetReason", "centro.fingerprintReset.reason.required", result);
		if (reason == null) {
			return personPage(id, model, request);
		}
		return act(id, () -> counter.resetFingerprint(id, reason, StaffApiController.origin(principal, request)),
				"fingerprint.reset", redirect);
	}

	/** "Enviar enlace para generar clave": the link to the verified email, instead of a temporary clave. */
	@PreAuthorize(StaffAccess.COUNTER)
	@PostMapping("/centro/personas/{cedula}/enlace-clave")
	String sendRecoveryLink(@PathVariable String cedula, @AuthenticationPrincipal ClavePrincipal principal,
			HttpServletRequest request, RedirectAttributes redirect) {
		Cedula id = CounterService.cedula(cedula);
		String masked;
		try {
			masked = counter.sendRecoveryLink(id, StaffApiController.origin(principal, request));
		}
		catch (Refusal e) {
			return refused(e, id, redirect);
		}
		redirect.addFlashAttribute(LINK_SENT_TO, masked);
		return "redirect:/centro/personas/" + id.value();
	}

	/** The reason of a suspension or a reset, stripped; null with the field's error when missing or too long. */
	private static String reason(String raw, String field, String requiredKey, BindingResult result) {
		String reason = raw == null ? "" : raw.strip();
		if (reason.isEmpty() || reason.length() > MAX_REASON) {
			result.rejectValue(field, reason.isEmpty() ? requiredKey : "centro.suspend.reason.long");
			return null;
		}
		return reason;
	}

	@PreAuthorize(StaffAccess.SUPERVISOR)
	@PostMapping("/centro/personas/{cedula}/reactivar")
	String reactivate(@PathVariable String cedula, @AuthenticationPrincipal ClavePrincipal principal,
			HttpServletRequest request, RedirectAttributes redirect) {
		Cedula id = CounterService.cedula(cedula);
		return act(id, () -> counter.reactivate(id, StaffApiController.origin(principal, request)), "reactivated",
				redirect);
	}

	/** Runs the counter's action and answers on the person's page with its result, or with the service's refusal. */
	private static String act(Cedula id, Runnable action, String result, RedirectAttributes redirect) {
		try {
			action.run();
		}
		catch (Refusal e) {
			return refused(e, id, redirect);
		}
		redirect.addFlashAttribute(DONE, result);
		return "redirect:/centro/personas/" + id.value();
	}

	/** A refusal of the service (a suspended account cannot get a temporary clave, …), said on the person's page. */
	private static String refused(Refusal e, Cedula id, RedirectAttributes redirect) {
		if (e.code() != RefusalCode.FORBIDDEN && e.code() != RefusalCode.NOT_FOUND && e.code() != RefusalCode.INVALID_REQUEST
				&& e.code() != RefusalCode.RATE_LIMITED) {
			throw e;
		}
		// With the service's more precise reason when it gave one: centro.refused.INVALID_REQUEST.noVerifiedContact
		String detail = e.detailKey() == null ? "" : e.detailKey().substring(e.detailKey().lastIndexOf('.'));
		redirect.addFlashAttribute(REFUSED, e.code().name() + detail);
		return "redirect:/centro/personas/" + id.value();
	}

	private static String personFormPage(Cedula id, CentroForms.Person form, boolean registered, Model model) {
		model.addAttribute("form", form);
		model.addAttribute("cedula", id.value());
		model.addAttribute("registered", registered);
		model.addAttribute("allRoles", List.of(PersonRole.values()));
		return FORM_VIEW;
	}

	private static void required(String value, String field, BindingResult result) {
		if (value == null || value.isBlank()) {
			result.rejectValue(field, "centro.field.required");
		}
	}

	/** The date as a date field sends it (2024-01-31), or as printed on the cédula (31/1/2024). */
	private static LocalDate birthDate(String raw, BindingResult result) {
		if (raw == null || raw.isBlank()) {
			result.rejectValue("birthDate", "centro.field.required");
			return null;
		}
		String value = raw.strip();
		try {
			return value.contains("/") ? LocalDate.parse(value, DAY_MONTH_YEAR) : LocalDate.parse(value);
		}
		catch (DateTimeParseException e) {
			result.rejectValue("birthDate", "centro.person.birthDate.invalid");
			return null;
		}
	}

	private static String fingerprintCode(String raw, BindingResult result) {
		if (raw == null || raw.isBlank()) {
			result.rejectValue("fingerprintCode", "centro.field.required");
			return null;
		}
		try {
			return FingerprintCode.parse(raw).value();
		}
		catch (InvalidIdentifierException e) {
			result.rejectValue("fingerprintCode", "recovery.fingerprintCode.invalid");
			return null;
		}
	}

	private static Set<PersonRole> roles(List<String> raw, BindingResult result) {
		Set<PersonRole> roles = EnumSet.noneOf(PersonRole.class);
		for (String role : raw) {
			try {
				roles.add(PersonRole.valueOf(role));
			}
			catch (IllegalArgumentException unknown) {
				result.rejectValue("roles", "centro.person.roles.required");
				return roles;
			}
		}
		if (roles.isEmpty()) {
			result.rejectValue("roles", "centro.person.roles.required");
		}
		return roles;
	}
}
