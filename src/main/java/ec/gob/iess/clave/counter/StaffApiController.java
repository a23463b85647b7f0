package ec.gob.iess.clave.counter;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import ec.gob.iess.clave.audit.AuditEntry;
import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.Channel;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.identity.Cedula;
import ec.gob.iess.clave.identity.PersonRole;
import ec.gob.iess.clave.session.AccessTokens;
import ec.gob.iess.clave.session.ClavePrincipal;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.web.RequestOrigins;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The staff API of API.md. Each call names who may make it ({@link StaffAccess}, checked by method
 * security before it runs): nothing is open by default, and a missing role answers 403 FORBIDDEN.
 */
@RestController
@RequestMapping("/api/v1/staff")
class StaffApiController {

	record StaffLoginRequest(String username, String password, String totp) {
	}

	record StaffLoginResponse(String accessToken, String tokenType, long expiresIn, Set<String> roles, String center) {
	}

	record CreateStaffRequest(String username, String password, List<StaffRole> roles, String center) {
	}

	record PersonRequest(String firstNames, String lastNames, LocalDate birthDate, String fingerprintCode,
			List<PersonRole> roles) {
	}

	record ContactView(String email, String mobile, Instant verifiedAt, String center) {
	}

	record PersonResponse(String cedula, String firstNames, String lastNames, LocalDate birthDate, String fingerprintCode,
			List<String> roles, String credentialStatus, int failedAttempts, Instant temporaryExpiresAt,
			ContactView verifiedContact) {
	}

	record VerificationRequest(String email, String mobile, String fingerprintImage) {
	}

	record TemporaryPasswordResponse(String temporaryPassword, Instant expiresAt) {
	}

	record SuspendRequest(String reason) {
	}

	record EmployerRequest(String legalName, String representativeCedula, String email) {
	}

	record EmployerResponse(String ruc, String legalName, String representativeCedula, String email,
			String credentialStatus) {
	}

	record AuditRow(Instant at, String type, String account, String actor, String channel, String ip, String outcome) {
	}

	private final StaffLoginService staffLogin;
	private final StaffAdministration administration;
	private final CounterService counter;
	private final AccessTokens accessTokens;
	private final AuditLog audit;

	StaffApiController(StaffLoginService staffLogin, StaffAdministration administration, CounterService counter,
			AccessTokens accessTokens, AuditLog audit) {
		this.staffLogin = staffLogin;
		this.administration = administration;
		this.counter = counter;
		this.accessTokens = accessTokens;
		this.audit = audit;
	}

	@PostMapping("/login")
	StaffLoginResponse login(@RequestBody StaffLoginRequest request, HttpServletRequest http) {
		ClavePrincipal principal = staffLogin
			.login(request.username(), request.password(), request.totp(), RequestOrigins.of(http))
			.orElseThrow(() -> new Refusal(RefusalCode.INVALID_CREDENTIALS));
		AccessTokens.Issued token = accessTokens.issue(principal);
		return new StaffLoginResponse(token.token(), "Bearer", token.expiresInSeconds(), principal.roles(),
				principal.center());
	}

	@PreAuthorize(StaffAccess.ADMINISTRATOR)
	@PostMapping("/users")
	ResponseEntity<StaffAdministration.CreatedStaff> createUser(@AuthenticationPrincipal ClavePrincipal principal,
			@RequestBody CreateStaffRequest request, HttpServletRequest http) {
		Set<StaffRole> roles = request.roles() == null ? Set.of() : EnumSet.copyOf(nonEmpty(request.roles()));
		var created = administration.create(request.username(), request.password(), roles, request.center(), null,
				origin(principal, http));
		return ResponseEntity.status(HttpStatus.CREATED).body(created);
	}

	@PreAuthorize(StaffAccess.COUNTER)
	@PutMapping("/persons/{cedula}")
	ResponseEntity<PersonResponse> putPerson(@AuthenticationPrincipal ClavePrincipal principal, @PathVariable String cedula,
			@RequestBody PersonRequest request, HttpServletRequest http) {
		Cedula id = CounterService.cedula(cedula);
		Set<PersonRole> roles = request.roles() == null || request.roles().isEmpty() ? Set.of()
				: EnumSet.copyOf(nonEmpty(request.roles()));
		boolean created = counter.register(id, new CounterService.PersonData(request.firstNames(), request.lastNames(),
				request.birthDate(), request.fingerprintCode(), roles), origin(principal, http));
		return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(view(id));
	}

	@PreAuthorize(StaffAccess.COUNTER)
	@GetMapping("/persons/{cedula}")
	PersonResponse getPerson(@PathVariable String cedula) {
		return view(CounterService.cedula(cedula));
	}

	@PreAuthorize(StaffAccess.COUNTER)
	@PostMapping("/persons/{cedula}/verification")
	ResponseEntity<PersonResponse> verify(@AuthenticationPrincipal ClavePrincipal principal, @PathVariable String cedula,
			@RequestBody VerificationRequest request, HttpServletRequest http) {
		Cedula id = CounterService.cedula(cedula);
		counter.verifyContact(id, request.email(), request.mobile(), request.fingerprintImage(), origin(principal, http));
		return ResponseEntity.status(HttpStatus.CREATED).body(view(id));
	}

	@PreAuthorize(StaffAccess.COUNTER)
	@PostMapping("/persons/{cedula}/temporary-password")
	ResponseEntity<TemporaryPasswordResponse> temporaryPassword(@AuthenticationPrincipal ClavePrincipal principal,
			@PathVariable String cedula, HttpServletRequest http) {
		var temporary = counter.issueTemporary(CounterService.cedula(cedula), origin(principal, http));
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(new TemporaryPasswordResponse(temporary.clave(), temporary.expiresAt()));
	}

	@PreAuthorize(StaffAccess.COUNTER)
	@PostMapping("/persons/{cedula}/unlock")
	ResponseEntity<Void> unlock(@AuthenticationPrincipal ClavePrincipal principal, @PathVariable String cedula,
			HttpServletRequest http) {
		counter.unlock(CounterService.cedula(cedula), origin(principal, http));
		return ResponseEntity.noContent().build();
	}

	@PreAuthorize(StaffAccess.COUNTER)
	@PostMapping("/persons/{cedula}/suspend")
	ResponseEntity<Void> suspend(@AuthenticationPrincipal ClavePrincipal principal, @PathVariable String cedula,
			@RequestBody SuspendRequest request, HttpServletRequest http) {
		counter.suspend(CounterService.cedula(cedula), request.reason(), origin(principal, http));
		return ResponseEntity.noContent().build();
	}

	@PreAuthorize(StaffAccess.SUPERVISOR)
	@PostMapping("/persons/{cedula}/reactivate")
	ResponseEntity<Void> reactivate(@AuthenticationPrincipal ClavePrincipal principal, @PathVariable String cedula,
			HttpServletRequest http) {
		counter.reactivate(CounterService.cedula(cedula), origin(principal, http));
		return ResponseEntity.noContent().build();
	}

	@PreAuthorize(StaffAccess.COUNTER)
	@PutMapping("/employers/{ruc}")
	ResponseEntity<EmployerResponse> putEmployer(@AuthenticationPrincipal ClavePrincipal principal,
			@PathVariable String ruc, @RequestBody EmployerRequest request, HttpServletRequest http) {
		var id = CounterService.ruc(ruc);
		boolean created = counter.registerEmployer(id, request.legalName(), request.representativeCedula(),
				request.email(), origin(principal, http));
		var employer = counter.employer(id);
		String status = counter.credentialStatus(id);
		return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
			.body(new EmployerResponse(employer.ruc().value(), employer.legalName(), employer.representative().value(),
					employer.email() == null ? null : employer.email().value(), status));
	}

	@PreAuthorize(StaffAccess.AUDIT)
	@GetMapping("/audit")
	List<AuditRow> audit(@RequestParam(name = "account", required = false) String account,
			@RequestParam(name = "limit", defaultValue = "100") int limit) {
		if (limit < 1 || limit > 1000) {
			throw new Refusal(RefusalCode.INVALID_REQUEST);
		}
		List<AuditEntry> entries = audit.search(account == null || account.isBlank() ? null : account.strip(), limit);
		return entries.stream()
			.map(e -> new AuditRow(e.at(), e.type().name(), e.account(), e.actor(), e.channel().name(), e.ip(),
					e.outcome().name()))
			.toList();
	}

	private PersonResponse view(Cedula cedula) {
		var view = counter.view(cedula);
		var person = view.person();
		var contact = person.contact();
		return new PersonResponse(person.cedula().value(), person.firstNames(), person.lastNames(), person.birthDate(),
				person.fingerprintCode().value(), person.roles().stream().map(Enum::name).sorted().toList(),
				view.account().status().name(), view.account().failedAttempts(), view.account().temporaryExpiresAt(),
				contact == null ? null
						: new ContactView(contact.email() == null ? null : contact.email().value(), contact.mobile(), contact.verifiedAt(), contact.center()));
	}

	private static Origin origin(ClavePrincipal principal, HttpServletRequest http) {
		return Origin.staff(principal.username(), principal.center(), Channel.COUNTER, RequestOrigins.ip(http));
	}

	private static <T> List<T> nonEmpty(List<T> values) {
		if (values.isEmpty() || values.contains(null)) {
			throw new Refusal(RefusalCode.INVALID_REQUEST);
		}
		return values;
	}
}
