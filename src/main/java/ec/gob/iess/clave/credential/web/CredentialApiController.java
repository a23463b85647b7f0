package ec.gob.iess.clave.credential.web;

import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.annotation.JsonInclude;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.credential.CredentialAdministration;
import ec.gob.iess.clave.credential.LoginOutcome;
import ec.gob.iess.clave.credential.LoginService;
import ec.gob.iess.clave.credential.Username;
import ec.gob.iess.clave.credential.PasswordChangeService;
import ec.gob.iess.clave.credential.PasswordChangeService.Change;
import ec.gob.iess.clave.identity.Cedula;
import ec.gob.iess.clave.identity.Persons;
import ec.gob.iess.clave.identity.VerifiedContact;
import ec.gob.iess.clave.session.AccessTokens;
import ec.gob.iess.clave.session.BearerTokenFilter;
import ec.gob.iess.clave.session.ClavePrincipal;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.web.Refuses;
import ec.gob.iess.clave.web.RequestOrigins;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/login}, {@code /logout}, {@code /me}, {@code /password/change} (API.md). */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Asegurados y empleadores")
class CredentialApiController {

	static final String CAPTCHA = "Base64 of the solved challenge of GET /api/v1/captcha; needed only after failures from "
			+ "this source (400 CAPTCHA_REQUIRED says so).";
	static final String DEVICE_TOKEN = "What an earlier full login answered: this app is then the owner's known device.";

	/** {@code deviceToken}: what an earlier login answered, so this app is the owner's trusted device. */
	record LoginRequest(@Schema(requiredMode = RequiredMode.REQUIRED, description = "A cédula (10 digits) or a RUC (13).") String username,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "The clave.") String password,
			@Schema(description = CAPTCHA) String captcha, @Schema(description = DEVICE_TOKEN) String deviceToken) {
	}

	/** {@code deviceToken} after a full login (not a TEMPORAL clave): to keep and send with the next logins. */
	record LoginResponse(@Schema(requiredMode = RequiredMode.REQUIRED) String accessToken,
			@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = "Bearer") String tokenType,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "Seconds the token lives without use.") long expiresIn,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "A temporary clave: the token reaches only /me, "
					+ "/logout and /password/change until the clave is changed.") boolean passwordChangeRequired,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "AFILIADO, PENSIONISTA, BENEFICIARIO or EMPLEADOR.") Set<String> roles,
			@Schema(description = "After a full login only: keep it and send it with the next logins.")
			@JsonInclude(JsonInclude.Include.NON_NULL) String deviceToken) {
	}

	record ChangeRequest(@Schema(requiredMode = RequiredMode.REQUIRED) String username,
			@Schema(requiredMode = RequiredMode.REQUIRED) String currentPassword,
			@Schema(requiredMode = RequiredMode.REQUIRED) String newPassword,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "Must be true: the acuerdo de uso is accepted.") Boolean acceptAgreement,
			@Schema(description = CAPTCHA) String captcha, @Schema(description = DEVICE_TOKEN) String deviceToken) {
	}

	record MeResponse(@Schema(requiredMode = RequiredMode.REQUIRED) String username,
			@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = { "ASEGURADO", "EMPLEADOR" }) String kind,
			@Schema(description = "A person's full name; null for an employer.") String names,
			@Schema(requiredMode = RequiredMode.REQUIRED) Set<String> roles,
			@Schema(requiredMode = RequiredMode.REQUIRED,
					allowableValues = { "SIN_CLAVE", "TEMPORAL", "ACTIVA", "BLOQUEADA", "SUSPENDIDA" }) String credentialStatus,
			@Schema(description = "The verified email, masked; null when none was verified.") String maskedEmail) {
	}

	private final LoginService login;
	private final PasswordChangeService passwordChange;
	private final AccessTokens accessTokens;
	private final CredentialAdministration accounts;
	private final Persons persons;
	private final AuditLog audit;

	CredentialApiController(LoginService login, PasswordChangeService passwordChange, AccessTokens accessTokens,
			CredentialAdministration accounts, Persons persons, AuditLog audit) {
		this.login = login;
		this.passwordChange = passwordChange;
		this.accessTokens = accessTokens;
		this.accounts = accounts;
		this.persons = persons;
		this.audit = audit;
	}

	@Operation(operationId = "login", summary = "Log in with a cédula or RUC and the clave",
			description = "Every failure is one identical 401 INVALID_CREDENTIALS: unknown number, wrong clave, locked, "
					+ "suspended or no clave. After failures from the source a solved captcha is required.",
			responses = @ApiResponse(responseCode = "200", description = "A bearer token.", useReturnTypeSchema = true))
	@Refuses({ RefusalCode.INVALID_CEDULA, RefusalCode.INVALID_RUC, RefusalCode.CAPTCHA_REQUIRED, RefusalCode.CAPTCHA_INVALID,
			RefusalCode.INVALID_CREDENTIALS, RefusalCode.RATE_LIMITED })
	@PostMapping("/login")
	LoginResponse login(@RequestBody LoginRequest request, HttpServletRequest http) {
		LoginOutcome outcome = login.login(request.username(), request.password(), request.captcha(),
				request.deviceToken(), RequestOrigins.of(http));
		ClavePrincipal principal;
		String deviceToken = null;
		if (outcome instanceof LoginOutcome.Success success) {
			principal = success.principal();
			deviceToken = success.deviceCookie();
		}
		else if (outcome instanceof LoginOutcome.ChangeRequired change) {
			principal = change.principal();
		}
		else {
			throw new Refusal(RefusalCode.INVALID_CREDENTIALS);
		}
		AccessTokens.Issued token = accessTokens.issue(principal, RequestOrigins.ip(http));
		return new LoginResponse(token.token(), "Bearer", token.expiresInSeconds(), principal.changeRequired(),
				principal.roles(), deviceToken);
	}

	@Operation(operationId = "logout", summary = "Log out: end this bearer token",
			responses = @ApiResponse(responseCode = "204", description = "The token no longer works."))
	@PostMapping("/logout")
	ResponseEntity<Void> logout(@AuthenticationPrincipal ClavePrincipal principal, HttpServletRequest http) {
		accessTokens.revoke((String) http.getAttribute(BearerTokenFilter.TOKEN_ATTRIBUTE));
		audit.record(AuditType.LOGOUT, principal.username(), Outcome.SUCCESS, RequestOrigins.of(http), null);
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "me", summary = "The account of this bearer token",
			responses = @ApiResponse(responseCode = "200", description = "The account.", useReturnTypeSchema = true))
	@GetMapping("/me")
	MeResponse me(@AuthenticationPrincipal ClavePrincipal principal) {
		// Only a person reaches /me, whose name was a parsed Username at login.
		var account = accounts.find(Username.parse(principal.username())).orElseThrow(() -> new Refusal(RefusalCode.UNAUTHENTICATED));
		String names = null;
		String maskedEmail = null;
		if (Cedula.isValid(principal.username())) {
			var person = persons.find(Cedula.parse(principal.username()));
			names = person.map(p -> p.fullName()).orElse(null);
			maskedEmail = person.map(p -> p.contact()).map(VerifiedContact::maskedEmail).orElse(null);
		}
		return new MeResponse(principal.username(), account.kind().name(), names, principal.roles(),
				account.status().name(), maskedEmail);
	}

	@Operation(operationId = "changePassword", summary = "Change the clave (Cambio de clave)",
			description = "With the current clave, checked like a login's (same limits, captcha and identical 401). "
					+ "Works without a token; with the token of a temporary clave, that token gets full access "
					+ "afterwards; a token of another account is refused.",
			responses = @ApiResponse(responseCode = "204", description = "The clave is changed; other sessions end."))
	@Refuses({ RefusalCode.INVALID_CEDULA, RefusalCode.INVALID_RUC, RefusalCode.CAPTCHA_REQUIRED, RefusalCode.CAPTCHA_INVALID,
			RefusalCode.WEAK_PASSWORD, RefusalCode.AGREEMENT_REQUIRED, RefusalCode.INVALID_CREDENTIALS, RefusalCode.FORBIDDEN,
			RefusalCode.RATE_LIMITED })
	@PostMapping("/password/change")
	ResponseEntity<Void> change(@RequestBody ChangeRequest request, @AuthenticationPrincipal ClavePrincipal principal,
			HttpServletRequest http) {
		String token = (String) http.getAttribute(BearerTokenFilter.TOKEN_ATTRIBUTE);
		boolean ownToken = principal != null && principal.kind() == ClavePrincipal.Kind.PERSON
				&& principal.username().equals(request.username() == null ? null : request.username().strip());
		if (principal != null && !ownToken) {
			// A token may change only its own account's clave.
			throw new Refusal(RefusalCode.FORBIDDEN);
		}
		passwordChange.change(new Change(request.username(), request.currentPassword(), request.newPassword(),
				Boolean.TRUE.equals(request.acceptAgreement()), null, ownToken ? token : null, request.captcha(),
				request.deviceToken()), RequestOrigins.of(http));
		if (ownToken) {
			accessTokens.grantFullAccess(token);
		}
		return ResponseEntity.noContent().build();
	}

}
