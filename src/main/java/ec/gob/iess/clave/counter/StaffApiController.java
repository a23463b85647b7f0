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
import ec.gob.iess.clave.biometric.FingerprintImage;
import ec.gob.iess.clave.identity.Cedula;
import ec.gob.iess.clave.identity.PersonRole;
import ec.gob.iess.clave.identity.VerifiedContact;
import ec.gob.iess.clave.session.AccessTokens;
import ec.gob.iess.clave.session.ClavePrincipal;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.web.Refuses;
import ec.gob.iess.clave.web.RequestOrigins;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

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
@Tag(name = "Staff")
class StaffApiController {

	private static final String CEDULA = "The person's cédula (10 digits).";

	record StaffLoginRequest(@Schema(requiredMode = RequiredMode.REQUIRED) String username,
			@Schema(requiredMode = RequiredMode.REQUIRED) String password,
			@Schema(description = "The current 6-digit TOTP code; may be left out only when clave.staff.totp-required=false.")
			String totp) {
	}

	record StaffLoginResponse(@Schema(requiredMode = RequiredMode.REQUIRED) String accessToken,
			@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = "Bearer") String tokenType,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "Seconds the token lives without use.") long expiresIn,
			@Schema(requiredMode = RequiredMode.REQUIRED) Set<String> roles,
			@Schema(requiredMode = RequiredMode.REQUIRED) String center) {
	}

	record CreateStaffRequest(@Schema(requiredMode = RequiredMode.REQUIRED) String username,
			@Schema(requiredMode = RequiredMode.REQUIRED) String password,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "ADMINISTRADOR alone, or AGENTE and/or SUPERVISOR.")
			List<StaffRole> roles,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "The centre where this person works.") String center) {
	}

	record PersonRequest(@Schema(requiredMode = RequiredMode.REQUIRED) String firstNames,
			@Schema(requiredMode = RequiredMode.REQUIRED) String lastNames,
			@Schema(requiredMode = RequiredMode.REQUIRED) LocalDate birthDate,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "The código dactilar printed on the cédula.")
			String fingerprintCode,
			@Schema(requiredMode = RequiredMode.REQUIRED) List<PersonRole> roles) {
	}

	record ContactView(@Schema(requiredMode = RequiredMode.REQUIRED) String email,
			@Schema(requiredMode = RequiredMode.REQUIRED) String mobile,
			@Schema(requiredMode = RequiredMode.REQUIRED) Instant verifiedAt,
			@Schema(requiredMode = RequiredMode.REQUIRED) String center) {
	}

	record PersonResponse(@Schema(requiredMode = RequiredMode.REQUIRED) String cedula,
			@Schema(requiredMode = RequiredMode.REQUIRED) String firstNames,
			@Schema(requiredMode = RequiredMode.REQUIRED) String lastNames,
			@Schema(requiredMode = RequiredMode.REQUIRED) LocalDate birthDate,
			@Schema(requiredMode = RequiredMode.REQUIRED) String fingerprintCode,
			@Schema(requiredMode = RequiredMode.REQUIRED) List<String> roles,
			@Schema(requiredMode = RequiredMode.REQUIRED,
					allowableValues = { "SIN_CLAVE", "TEMPORAL", "ACTIVA", "BLOQUEADA", "SUSPENDIDA" }) String credentialStatus,
			@Schema(requiredMode = RequiredMode.REQUIRED) int failedAttempts,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "Whether a finger is enrolled (never the template).")
			boolean fingerprintEnrolled,
			@Schema(description = "Until when the temporary clave works; null without one.") Instant temporaryExpiresAt,
			@Schema(description = "The contact verified in person; null before any verification.") ContactView verifiedContact) {
	}

	record VerificationRequest(@Schema(requiredMode = RequiredMode.REQUIRED) String email,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "An Ecuadorian mobile number (09…, or +593 9…).")
			String mobile,
			@Schema(requiredMode = RequiredMode.REQUIRED, format = "byte",
					description = "The scanner's picture of the finger: base64 of a PNG or JPEG file, at most 1 MiB.")
			String fingerprintImage,
			@Schema(description = "The picture's resolution in dots per inch, 300 to 1000; 500 when left out.",
					defaultValue = "500") Integer fingerprintDpi) {
	}

	record VerificationResponse(
			@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = { "ENROLLED", "MATCHED" },
					description = "ENROLLED: the first finger of this person, kept from now on; MATCHED: the enrolled one.")
			String fingerprint,
			@Schema(requiredMode = RequiredMode.REQUIRED) ContactView verifiedContact) {
	}

	record FingerprintResetRequest(
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "Why (at most 500 characters).") String reason) {
	}

	record RecoveryLinkResponse(
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "Where the link went, e.g. a***z@e***.ec.")
			String maskedEmail) {
	}

	record TemporaryPasswordResponse(@Schema(requiredMode = RequiredMode.REQUIRED) String temporaryPassword,
			@Schema(requiredMode = RequiredMode.REQUIRED) Instant expiresAt) {
	}

	record SuspendRequest(@Schema(requiredMode = RequiredMode.REQUIRED, description = "Why (at most 500 characters).")
			String reason) {
	}

	record EmployerRequest(@Schema(requiredMode = RequiredMode.REQUIRED) String legalName,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "The legal representative, already registered.")
			String representativeCedula,
			@Schema(requiredMode = RequiredMode.REQUIRED) String email) {
	}

	record EmployerResponse(@Schema(requiredMode = RequiredMode.REQUIRED) String ruc,
			@Schema(requiredMode = RequiredMode.REQUIRED) String legalName,
			@Schema(requiredMode = RequiredMode.REQUIRED) String representativeCedula, String email,
			@Schema(allowableValues = { "SIN_CLAVE", "TEMPORAL", "ACTIVA", "BLOQUEADA", "SUSPENDIDA" }) String credentialStatus) {
	}

	record AuditRow(@Schema(requiredMode = RequiredMode.REQUIRED) Instant at,
			@Schema(requiredMode = RequiredMode.REQUIRED) String type, String account,
			@Schema(requiredMode = RequiredMode.REQUIRED,
					description = "The account itself, anonymous, system, or the staff username (before V54 a member of "
							+ "staff was written agent@centre here).") String actor,
			@Schema(description = "The staff member's centre when staff acted; null otherwise.") String center,
			@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = { "WEB", "API", "COUNTER" }) String channel,
			String ip,
			@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = { "SUCCESS", "FAILURE" }) String outcome) {
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

	@Operation(operationId = "staffLogin", summary = "Log in as staff with password and TOTP code",
			description = "After repeated failures from one source for one username, that source is refused for it (429).",
			responses = @ApiResponse(responseCode = "200", description = "A staff bearer token.", useReturnTypeSchema = true))
	@Refuses({ RefusalCode.INVALID_CREDENTIALS, RefusalCode.RATE_LIMITED })
	@PostMapping("/login")
	StaffLoginResponse login(@RequestBody StaffLoginRequest request, HttpServletRequest http) {
		ClavePrincipal principal = staffLogin
			.login(request.username(), request.password(), request.totp(), RequestOrigins.of(http))
			.orElseThrow(() -> new Refusal(RefusalCode.INVALID_CREDENTIALS));
		AccessTokens.Issued token = accessTokens.issue(principal);
		return new StaffLoginResponse(token.token(), "Bearer", token.expiresInSeconds(), principal.roles(),
				principal.center());
	}

	@Operation(operationId = "createStaffUser", summary = "Create a staff user (administrator)",
			description = "The answer shows the TOTP secret once, for the new user's authenticator app. A username "
					+ "already taken is 400 INVALID_REQUEST.",
			responses = @ApiResponse(responseCode = "201", description = "Created.", useReturnTypeSchema = true))
	@Refuses(RefusalCode.WEAK_PASSWORD)
	@PreAuthorize(StaffAccess.ADMINISTRATOR)
	@PostMapping("/users")
	ResponseEntity<StaffAdministration.CreatedStaff> createUser(@AuthenticationPrincipal ClavePrincipal principal,
			@RequestBody CreateStaffRequest request, HttpServletRequest http) {
		Set<StaffRole> roles = request.roles() == null ? Set.of() : EnumSet.copyOf(nonEmpty(request.roles()));
		var created = administration.create(request.username(), request.password(), roles, request.center(), null,
				origin(principal, http));
		return ResponseEntity.status(HttpStatus.CREATED).body(created);
	}

	@Operation(operationId = "putPerson", summary = "Register or update a person",
			description = "The verified contact is kept; an update that changes something is audited and notified.",
			responses = { @ApiResponse(responseCode = "201", description = "Registered.", useReturnTypeSchema = true),
					@ApiResponse(responseCode = "200", description = "Updated (or already so).", useReturnTypeSchema = true) })
	@Refuses(RefusalCode.INVALID_CEDULA)
	@PreAuthorize(StaffAccess.COUNTER)
	@PutMapping("/persons/{cedula}")
	ResponseEntity<PersonResponse> putPerson(@AuthenticationPrincipal ClavePrincipal principal, @Parameter(description = CEDULA) @PathVariable String cedula,
			@RequestBody PersonRequest request, HttpServletRequest http) {
		Cedula id = CounterService.cedula(cedula);
		Set<PersonRole> roles = request.roles() == null || request.roles().isEmpty() ? Set.of()
				: EnumSet.copyOf(nonEmpty(request.roles()));
		boolean created = counter.register(id, new CounterService.PersonData(request.firstNames(), request.lastNames(),
				request.birthDate(), request.fingerprintCode(), roles), origin(principal, http));
		return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(view(id));
	}

	@Operation(operationId = "getPerson", summary = "A person and their account",
			responses = @ApiResponse(responseCode = "200", description = "The person.", useReturnTypeSchema = true))
	@Refuses({ RefusalCode.INVALID_CEDULA, RefusalCode.NOT_FOUND })
	@PreAuthorize(StaffAccess.COUNTER)
	@GetMapping("/persons/{cedula}")
	PersonResponse getPerson(@Parameter(description = CEDULA) @PathVariable String cedula) {
		return view(CounterService.cedula(cedula));
	}

	@Operation(operationId = "verifyContact", summary = "Verify the person's finger and record the email and mobile shown in person",
			description = "The first finger is enrolled; later ones must match it (409 FINGERPRINT_MISMATCH: nothing "
					+ "changes, the attempt is audited and the person notified). The contact is recorded only with a "
					+ "matching or newly enrolled finger. A picture that is not a fingerprint (not PNG or JPEG, blank, "
					+ "too small, too few minutiae) is 400 INVALID_REQUEST with the reason in detail. Recovery and unlock "
					+ "links go to this email; a change of contact is notified to the previous one. The image is never "
					+ "stored, the template never answered.",
			responses = @ApiResponse(responseCode = "201", description = "Verified and recorded.", useReturnTypeSchema = true))
	@Refuses({ RefusalCode.INVALID_CEDULA, RefusalCode.NOT_FOUND, RefusalCode.FINGERPRINT_MISMATCH })
	@PreAuthorize(StaffAccess.COUNTER)
	@PostMapping("/persons/{cedula}/verification")
	ResponseEntity<VerificationResponse> verify(@AuthenticationPrincipal ClavePrincipal principal, @Parameter(description = CEDULA) @PathVariable String cedula,
			@RequestBody VerificationRequest request, HttpServletRequest http) {
		Cedula id = CounterService.cedula(cedula);
		FingerprintImage image = FingerprintImage.fromBase64(request.fingerprintImage(), request.fingerprintDpi());
		if (!(counter.verify(id, request.email(), request.mobile(), image,
				origin(principal, http)) instanceof CounterService.Verification.Verified verified)) {
			throw new Refusal(RefusalCode.FINGERPRINT_MISMATCH);
		}
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(new VerificationResponse(verified.fingerprint().name(), contactView(verified.contact())));
	}

	@Operation(operationId = "resetFingerprint", summary = "Forget the enrolled finger (supervisor)",
			description = "The next verification enrols a finger again. Audited with the reason; the person is notified.",
			responses = @ApiResponse(responseCode = "204", description = "Forgotten (or none was enrolled)."))
	@Refuses({ RefusalCode.INVALID_CEDULA, RefusalCode.NOT_FOUND })
	@PreAuthorize(StaffAccess.SUPERVISOR)
	@PostMapping("/persons/{cedula}/fingerprint/reset")
	ResponseEntity<Void> resetFingerprint(@AuthenticationPrincipal ClavePrincipal principal,
			@Parameter(description = CEDULA) @PathVariable String cedula, @RequestBody FingerprintResetRequest request,
			HttpServletRequest http) {
		counter.resetFingerprint(CounterService.cedula(cedula), request.reason(), origin(principal, http));
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "sendRecoveryLink", summary = "Mail the Generar/recuperar clave link to the verified email",
			description = "The alternative to a temporary clave: the person sets the clave from the link. A person without "
					+ "an email verified in person is 400 INVALID_REQUEST (verify first); a suspended account 403 FORBIDDEN; "
					+ "past the person's mail limit 429.",
			responses = @ApiResponse(responseCode = "202", description = "Sent.", useReturnTypeSchema = true))
	@Refuses({ RefusalCode.INVALID_CEDULA, RefusalCode.NOT_FOUND, RefusalCode.RATE_LIMITED })
	@PreAuthorize(StaffAccess.COUNTER)
	@PostMapping("/persons/{cedula}/recovery-link")
	ResponseEntity<RecoveryLinkResponse> recoveryLink(@AuthenticationPrincipal ClavePrincipal principal,
			@Parameter(description = CEDULA) @PathVariable String cedula, HttpServletRequest http) {
		String masked = counter.sendRecoveryLink(CounterService.cedula(cedula), origin(principal, http));
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(new RecoveryLinkResponse(masked));
	}

	@Operation(operationId = "issueTemporaryPassword", summary = "Issue a temporary clave",
			description = "Ends the person's sessions; at the first login the person must change it. A suspended account "
					+ "is refused with 403 FORBIDDEN.",
			responses = @ApiResponse(responseCode = "201", description = "The temporary clave, shown once.",
					useReturnTypeSchema = true))
	@Refuses({ RefusalCode.INVALID_CEDULA, RefusalCode.NOT_FOUND })
	@PreAuthorize(StaffAccess.COUNTER)
	@PostMapping("/persons/{cedula}/temporary-password")
	ResponseEntity<TemporaryPasswordResponse> temporaryPassword(@AuthenticationPrincipal ClavePrincipal principal,
			@Parameter(description = CEDULA) @PathVariable String cedula, HttpServletRequest http) {
		var temporary = counter.issueTemporary(CounterService.cedula(cedula), origin(principal, http));
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(new TemporaryPasswordResponse(temporary.clave(), temporary.expiresAt()));
	}

	@Operation(operationId = "unlockPerson", summary = "Unlock a person's account",
			responses = @ApiResponse(responseCode = "204", description = "Unlocked (or was not locked)."))
	@Refuses({ RefusalCode.INVALID_CEDULA, RefusalCode.NOT_FOUND })
	@PreAuthorize(StaffAccess.COUNTER)
	@PostMapping("/persons/{cedula}/unlock")
	ResponseEntity<Void> unlock(@AuthenticationPrincipal ClavePrincipal principal, @Parameter(description = CEDULA) @PathVariable String cedula,
			HttpServletRequest http) {
		counter.unlock(CounterService.cedula(cedula), origin(principal, http));
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "suspendPerson", summary = "Suspend a person's account",
			description = "Ends every session and voids every open link of the account.",
			responses = @ApiResponse(responseCode = "204", description = "Suspended."))
	@Refuses({ RefusalCode.INVALID_CEDULA, RefusalCode.NOT_FOUND })
	@PreAuthorize(StaffAccess.COUNTER)
	@PostMapping("/persons/{cedula}/suspend")
	ResponseEntity<Void> suspend(@AuthenticationPrincipal ClavePrincipal principal, @Parameter(description = CEDULA) @PathVariable String cedula,
			@RequestBody SuspendRequest request, HttpServletRequest http) {
		counter.suspend(CounterService.cedula(cedula), request.reason(), origin(principal, http));
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "reactivatePerson", summary = "Reactivate a suspended account (supervisor)",
			responses = @ApiResponse(responseCode = "204", description = "Reactivated (or was not suspended)."))
	@Refuses({ RefusalCode.INVALID_CEDULA, RefusalCode.NOT_FOUND })
	@PreAuthorize(StaffAccess.SUPERVISOR)
	@PostMapping("/persons/{cedula}/reactivate")
	ResponseEntity<Void> reactivate(@AuthenticationPrincipal ClavePrincipal principal, @Parameter(description = CEDULA) @PathVariable String cedula,
			HttpServletRequest http) {
		counter.reactivate(CounterService.cedula(cedula), origin(principal, http));
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "putEmployer", summary = "Register or update an employer",
			description = "The legal representative must already be registered as a person (404 NOT_FOUND otherwise).",
			responses = { @ApiResponse(responseCode = "201", description = "Registered.", useReturnTypeSchema = true),
					@ApiResponse(responseCode = "200", description = "Updated.", useReturnTypeSchema = true) })
	@Refuses({ RefusalCode.INVALID_RUC, RefusalCode.INVALID_CEDULA, RefusalCode.NOT_FOUND })
	@PreAuthorize(StaffAccess.COUNTER)
	@PutMapping("/employers/{ruc}")
	ResponseEntity<EmployerResponse> putEmployer(@AuthenticationPrincipal ClavePrincipal principal,
			@Parameter(description = "The employer's RUC (13 digits).") @PathVariable String ruc, @RequestBody EmployerRequest request, HttpServletRequest http) {
		var id = CounterService.ruc(ruc);
		boolean created = counter.registerEmployer(id, request.legalName(), request.representativeCedula(),
				request.email(), origin(principal, http));
		var employer = counter.employer(id);
		String status = counter.credentialStatus(id);
		return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
			.body(new EmployerResponse(employer.ruc().value(), employer.legalName(), employer.representative().value(),
					employer.email() == null ? null : employer.email().value(), status));
	}

	@Operation(operationId = "searchAudit", summary = "Read the audit log, newest first (supervisor, administrator)",
			responses = @ApiResponse(responseCode = "200", description = "Audit events.", useReturnTypeSchema = true))
	@PreAuthorize(StaffAccess.AUDIT)
	@GetMapping("/audit")
	List<AuditRow> audit(
			@Parameter(description = "Only this account's events (a cédula or RUC).") @RequestParam(name = "account", required = false) String account,
			@Parameter(description = "At most this many events, 1 to 1000.") @RequestParam(name = "limit", defaultValue = "100") int limit) {
		if (limit < 1 || limit > 1000) {
			throw new Refusal(RefusalCode.INVALID_REQUEST);
		}
		List<AuditEntry> entries = audit.search(account == null || account.isBlank() ? null : account.strip(), limit);
		return entries.stream()
			.map(e -> new AuditRow(e.at(), e.type().name(), e.account(), e.actor(), e.center(), e.channel().name(), e.ip(),
					e.outcome().name()))
			.toList();
	}

	private PersonResponse view(Cedula cedula) {
		var view = counter.view(cedula);
		var person = view.person();
		var contact = person.contact();
		return new PersonResponse(person.cedula().value(), person.firstNames(), person.lastNames(), person.birthDate(),
				person.fingerprintCode().value(), person.roles().stream().map(Enum::name).sorted().toList(),
				view.account().status().name(), view.account().failedAttempts(), counter.fingerprintEnrolled(cedula),
				view.account().temporaryExpiresAt(), contact == null ? null : contactView(contact));
	}

	private static ContactView contactView(VerifiedContact contact) {
		return new ContactView(contact.email() == null ? null : contact.email().value(), contact.mobile(),
				contact.verifiedAt(), contact.center());
	}

	/** The agent, the centre and the address of a counter action: the staff pages use the same. */
	static Origin origin(ClavePrincipal principal, HttpServletRequest http) {
		return Origin.staff(principal.username(), principal.center(), Channel.COUNTER, RequestOrigins.ip(http));
	}

	private static <T> List<T> nonEmpty(List<T> values) {
		if (values.isEmpty() || values.contains(null)) {
			throw new Refusal(RefusalCode.INVALID_REQUEST);
		}
		return values;
	}
}
