package ec.gob.iess.clave.counter;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.credential.CredentialAdministration.TemporaryClave;
import ec.gob.iess.clave.identity.Cedula;
import ec.gob.iess.clave.identity.FingerprintCode;
import ec.gob.iess.clave.identity.InvalidIdentifierException;
import ec.gob.iess.clave.identity.PersonRole;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.session.ClavePrincipal;
import ec.gob.iess.clave.session.Secrets;

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
		Cedula id = CounterService.cedula(cedula);
		model.addAttribute("suspension", new CentroForms.Suspension());
		return personPage(id, model, request);
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
		model.addAttribute("person", view.person());
		model.addAttribute("account", view.account());
		model.addAttribute("contact", view.person().contact());
		model.addAttribute("events", audit.search(id.value(), EVENTS));
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
		String reason = form.getReason() == null ? "" : form.getReason().strip();
		if (reason.isEmpty() || reason.length() > 500) {
			result.rejectValue("reason", reason.isEmpty() ? "centro.suspend.reason.required" : "centro.suspend.reason.long");
			return personPage(id, model, request);
		}
		return act(id, () -> counter.suspend(id, reason, StaffApiController.origin(principal, request)), "suspended",
				redirect);
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
		if (e.code() != RefusalCode.FORBIDDEN && e.code() != RefusalCode.NOT_FOUND && e.code() != RefusalCode.INVALID_REQUEST) {
			throw e;
		}
		redirect.addFlashAttribute(REFUSED, e.code().name());
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
