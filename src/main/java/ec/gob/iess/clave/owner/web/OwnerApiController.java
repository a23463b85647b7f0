package ec.gob.iess.clave.owner.web;

import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.owner.ContactChangeService;
import ec.gob.iess.clave.owner.FraudReports;
import ec.gob.iess.clave.owner.IpPlaces;
import ec.gob.iess.clave.owner.Passkeys;
import ec.gob.iess.clave.owner.SecurityOverview;
import ec.gob.iess.clave.owner.LinkOutcome;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.session.BearerTokenFilter;
import ec.gob.iess.clave.session.ClavePrincipal;
import ec.gob.iess.clave.web.Refuses;
import ec.gob.iess.clave.web.RequestOrigins;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Mi seguridad, "No fui yo" and Actualizar datos through the API (API.md "The owner's own account"). */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "La cuenta del titular")
class OwnerApiController {

	record TokenRequest(@Schema(requiredMode = RequiredMode.REQUIRED, description = "The token of the emailed link.") String token) {
	}

	record ContactRequest(@Schema(requiredMode = RequiredMode.REQUIRED, description = "The clave, again.") String password,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "The new email.") String email,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "The new mobile, e.g. 0991234567.") String mobile,
			@Schema(description = "Base64 of a solved captcha, when the source was asked for one.") String captcha,
			@Schema(description = "The deviceToken of an earlier login.") String deviceToken) {
	}

	record ContactAnswer(@Schema(requiredMode = RequiredMode.REQUIRED, description = "The new email, masked: where the "
			+ "confirmation link went.") String maskedEmail) {
	}

	record SecurityEvent(@Schema(requiredMode = RequiredMode.REQUIRED) Instant at,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "An audit event type.") String type,
			@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = { "WEB", "API", "COUNTER" }) String channel,
			@Schema(description = "The source address, when known.") String ip,
			@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = { "SUCCESS", "FAILURE" }) String outcome,
			@Schema(description = "The Centro de Atención Universal of a counter's action (never the agent).") String center,
			@Schema(description = "ISO 3166-1 country of the address from Clave's local database; null when local or unknown.") String country,
			@Schema(description = "For LOGIN_SUCCEEDED and LOGIN_FAILED: how, CLAVE or PASSKEY; otherwise null.",
					allowableValues = { "CLAVE", "PASSKEY" }) String method) {
	}

	record SecuritySession(@Schema(requiredMode = RequiredMode.REQUIRED, description = "An opaque handle for "
			+ "DELETE /api/v1/me/sessions/{id}; no credential.") String id,
			@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = { "WEB", "API", "SSO" }) String kind,
			@Schema(requiredMode = RequiredMode.REQUIRED) Instant createdAt,
			@Schema(requiredMode = RequiredMode.REQUIRED) Instant lastUsedAt,
			@Schema(description = "Where the clave was typed, when known.") String ip,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "The session making this call.") boolean current,
			@Schema(description = "The service's name, for SSO.") String service,
			@Schema(description = "ISO 3166-1 country of the address; null when local or unknown.") String country) {
	}

	record Passkey(@Schema(requiredMode = RequiredMode.REQUIRED, description = "The credential id (base64url), for "
			+ "DELETE /api/v1/me/passkeys/{id}.") String id,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "The name the owner gave it.") String name,
			@Schema(requiredMode = RequiredMode.REQUIRED) Instant createdAt,
			@Schema(description = "Null when never used to log in.") Instant lastUsedAt) {
	}

	record SecurityAnswer(@Schema(requiredMode = RequiredMode.REQUIRED, description = "The last 90 days, newest first.")
			List<SecurityEvent> events, @Schema(requiredMode = RequiredMode.REQUIRED) List<SecuritySession> sessions,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "The account's passkeys, newest first.") List<Passkey> passkeys) {
	}

	private final FraudReports reports;
	private final ContactChangeService contacts;
	private final SecurityOverview overview;
	private final Passkeys passkeys;

	OwnerApiController(FraudReports reports, ContactChangeService contacts, SecurityOverview overview, Passkeys passkeys) {
		this.passkeys = passkeys;
		this.reports = reports;
		this.contacts = contacts;
		this.overview = overview;
	}

	@Operation(operationId = "mySecurity", summary = "Mi seguridad: the last 90 days of the account and its open sessions",
			responses = @ApiResponse(responseCode = "200", description = "Events newest first; sessions newest first.",
					useReturnTypeSchema = true))
	@GetMapping("/me/security")
	SecurityAnswer security(@AuthenticationPrincipal ClavePrincipal principal, HttpServletRequest http) {
		SecurityOverview.Overview seen = overview.of(principal.username(), null,
				(String) http.getAttribute(BearerTokenFilter.TOKEN_ATTRIBUTE));
		return new SecurityAnswer(seen.events().stream()
			.map(e -> new SecurityEvent(e.at(), e.type().name(), e.channel().name(), e.ip(), e.outcome().name(), e.center(),
					country(e.place()), method(e)))
			.toList(),
				seen.sessions().stream()
					.map(s -> new SecuritySession(s.id(), s.kind().name(), s.createdAt(), s.lastUsedAt(), s.ip(), s.current(),
							s.service(), country(s.place())))
					.toList(),
				seen.passkeys().stream().map(p -> new Passkey(p.id(), p.name(), p.createdAt(), p.lastUsedAt())).toList());
	}

	@Operation(operationId = "removeMyPasskey", summary = "Remove one of the account's passkeys; it stops working at once",
			description = "The owner is told by email, with \"No fui yo\". Registering a passkey needs a browser (WebAuthn) "
					+ "and is done in Mi seguridad.",
			responses = @ApiResponse(responseCode = "204", description = "Removed."))
	@Refuses(RefusalCode.NOT_FOUND)
	@DeleteMapping("/me/passkeys/{id}")
	ResponseEntity<Void> removePasskey(@AuthenticationPrincipal ClavePrincipal principal, @PathVariable("id") String id,
			HttpServletRequest http) {
		if (!passkeys.remove(principal.username(), id, RequestOrigins.of(http))) {
			throw new Refusal(RefusalCode.NOT_FOUND);
		}
		return ResponseEntity.noContent().build();
	}

	private static String method(SecurityOverview.Event event) {
		if (event.type() != AuditType.LOGIN_SUCCEEDED && event.type() != AuditType.LOGIN_FAILED) {
			return null;
		}
		return event.passkey() ? "PASSKEY" : "CLAVE";
	}

	@Operation(operationId = "closeMySession", summary = "Close one of the account's sessions (web, API token or a service's)",
			responses = @ApiResponse(responseCode = "204", description = "That session alone ended."))
	@Refuses(RefusalCode.NOT_FOUND)
	@DeleteMapping("/me/sessions/{id}")
	ResponseEntity<Void> closeSession(@AuthenticationPrincipal ClavePrincipal principal, @PathVariable("id") String id,
			HttpServletRequest http) {
		if (!overview.close(principal.username(), id, RequestOrigins.of(http))) {
			throw new Refusal(RefusalCode.NOT_FOUND);
		}
		return ResponseEntity.noContent().build();
	}

	private static String country(IpPlaces.Place place) {
		return place instanceof IpPlaces.Country country ? country.country() : null;
	}

	@Operation(operationId = "reportFraudSignedIn", summary = "\"No fui yo\" while logged in: freeze the account",
			description = "The account becomes SUSPENDIDA; every session, token and link ends; only a CAU reactivates it.",
			responses = @ApiResponse(responseCode = "204", description = "Frozen."))
	@PostMapping("/me/fraud-report")
	ResponseEntity<Void> reportSignedIn(@AuthenticationPrincipal ClavePrincipal principal, HttpServletRequest http) {
		reports.reportSignedIn(principal.username(), RequestOrigins.of(http));
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "reportFraud", summary = "\"No fui yo\" with the token of a notice's link, without login",
			responses = @ApiResponse(responseCode = "204", description = "Frozen."))
	@Refuses(RefusalCode.TOKEN_INVALID)
	@PostMapping("/fraud-report")
	ResponseEntity<Void> report(@RequestBody TokenRequest request, HttpServletRequest http) {
		if (reports.report(request.token(), null, RequestOrigins.of(http)) instanceof LinkOutcome.Refused) {
			throw new Refusal(RefusalCode.TOKEN_INVALID);
		}
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "changeContact", summary = "Actualizar datos: a new email and mobile, confirmed by a link",
			description = "A wrong clave counts as a failed login. The link goes to the new email, a notice with \"No fui "
					+ "yo\" to the current one; recovery and unlock use the new contact only after clave.contact.cooling-off.",
			responses = @ApiResponse(responseCode = "202", description = "The link was sent.", useReturnTypeSchema = true))
	@Refuses({ RefusalCode.INVALID_REQUEST, RefusalCode.INVALID_CREDENTIALS, RefusalCode.CAPTCHA_REQUIRED,
			RefusalCode.CAPTCHA_INVALID, RefusalCode.FORBIDDEN, RefusalCode.RATE_LIMITED })
	@PostMapping("/me/contact")
	ResponseEntity<ContactAnswer> changeContact(@AuthenticationPrincipal ClavePrincipal principal,
			@RequestBody ContactRequest request, HttpServletRequest http) {
		String masked = contacts.request(new ContactChangeService.Request(principal.username(), request.password(),
				request.email(), request.mobile(), request.captcha(), request.deviceToken()), RequestOrigins.of(http));
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ContactAnswer(masked));
	}

	@Operation(operationId = "confirmContact", summary = "Confirm a new email with the token of its link",
			responses = @ApiResponse(responseCode = "204", description = "Confirmed; in use after the cooling-off."))
	@Refuses(RefusalCode.TOKEN_INVALID)
	@PostMapping("/contact/confirm")
	ResponseEntity<Void> confirmContact(@RequestBody TokenRequest request, HttpServletRequest http) {
		if (contacts.confirm(request.token(), null, RequestOrigins.of(http)) instanceof LinkOutcome.Refused) {
			throw new Refusal(RefusalCode.TOKEN_INVALID);
		}
		return ResponseEntity.noContent().build();
	}
}
