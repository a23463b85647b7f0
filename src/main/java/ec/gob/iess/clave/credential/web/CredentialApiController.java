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
import ec.gob.iess.clave.web.RequestOrigins;

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
class CredentialApiController {

	/** {@code deviceToken}: what an earlier login answered, so this app is the owner's trusted device. */
	record LoginRequest(String username, String password, String captcha, String deviceToken) {
	}

	/** {@code deviceToken} after a full login (not a TEMPORAL clave): to keep and send with the next logins. */
	record LoginResponse(String accessToken, String tokenType, long expiresIn, boolean passwordChangeRequired,
			Set<String> roles, @JsonInclude(JsonInclude.Include.NON_NULL) String deviceToken) {
	}

	record ChangeRequest(String username, String currentPassword, String newPassword, Boolean acceptAgreement,
			String captcha, String deviceToken) {
	}

	record MeResponse(String username, String kind, String names, Set<String> roles, String credentialStatus,
			String maskedEmail) {
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
		AccessTokens.Issued token = accessTokens.issue(principal);
		return new LoginResponse(token.token(), "Bearer", token.expiresInSeconds(), principal.changeRequired(),
				principal.roles(), deviceToken);
	}

	@PostMapping("/logout")
	ResponseEntity<Void> logout(@AuthenticationPrincipal ClavePrincipal principal, HttpServletRequest http) {
		accessTokens.revoke((String) http.getAttribute(BearerTokenFilter.TOKEN_ATTRIBUTE));
		audit.record(AuditType.LOGOUT, principal.username(), Outcome.SUCCESS, RequestOrigins.of(http), null);
		return ResponseEntity.noContent().build();
	}

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
