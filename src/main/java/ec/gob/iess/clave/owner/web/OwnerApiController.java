package ec.gob.iess.clave.owner.web;

import jakarta.servlet.http.HttpServletRequest;

import ec.gob.iess.clave.owner.ContactChangeService;
import ec.gob.iess.clave.owner.FraudReports;
import ec.gob.iess.clave.owner.LinkOutcome;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** "No fui yo" and Actualizar datos through the API (API.md "The owner's own account"). */
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

	private final FraudReports reports;
	private final ContactChangeService contacts;

	OwnerApiController(FraudReports reports, ContactChangeService contacts) {
		this.reports = reports;
		this.contacts = contacts;
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
