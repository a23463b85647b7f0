package ec.gob.iess.clave.recovery.web;

import java.time.LocalDate;

import jakarta.servlet.http.HttpServletRequest;

import ec.gob.iess.clave.recovery.RecoveryAnswer;
import ec.gob.iess.clave.recovery.RecoveryReset;
import ec.gob.iess.clave.recovery.RecoveryService;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.web.Refuses;
import ec.gob.iess.clave.web.RequestOrigins;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/password/recovery} and {@code /password/reset} (API.md). */
@RestController
@RequestMapping("/api/v1/password")
@Tag(name = "Asegurados y empleadores")
class RecoveryApiController {

	record RecoveryRequest(@Schema(requiredMode = RequiredMode.REQUIRED, description = "A cédula, or an employer's RUC.") String username,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "Base64 of the solved challenge of GET /api/v1/captcha.") String captcha,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "As printed on the cédula (an employer: the legal "
					+ "representative's).") LocalDate birthDate,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "The código dactilar printed on the cédula (an "
					+ "employer: the legal representative's).") String fingerprintCode) {
	}

	record Sent(@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = "true") boolean sent,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "Where the link went, masked.") String maskedEmail) {
	}

	record ResetRequest(@Schema(requiredMode = RequiredMode.REQUIRED, description = "The token of the emailed link.") String token,
			@Schema(requiredMode = RequiredMode.REQUIRED) String newPassword,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "Must be true: the acuerdo de uso is accepted.") Boolean acceptAgreement) {
	}

	private final RecoveryService recovery;

	RecoveryApiController(RecoveryService recovery) {
		this.recovery = recovery;
	}

	@Operation(operationId = "requestRecovery", summary = "Ask for a recovery link (Generar/recuperar clave)",
			description = "When the birth date and código dactilar match and the account has a contact verified in person, "
					+ "a link to set a new clave is emailed. Anything else is one identical 422.",
			responses = @ApiResponse(responseCode = "202", description = "The link is on its way.", useReturnTypeSchema = true))
	@Refuses({ RefusalCode.INVALID_CEDULA, RefusalCode.INVALID_RUC, RefusalCode.CAPTCHA_REQUIRED, RefusalCode.CAPTCHA_INVALID,
			RefusalCode.IDENTITY_NOT_CONFIRMED, RefusalCode.RATE_LIMITED })
	@PostMapping("/recovery")
	ResponseEntity<Sent> request(@RequestBody RecoveryRequest request, HttpServletRequest http) {
		RecoveryAnswer answer = recovery.request(request.username(), request.captcha(), request.birthDate(),
				request.fingerprintCode(), RequestOrigins.of(http));
		if (answer instanceof RecoveryAnswer.Sent sent) {
			return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Sent(true, sent.maskedEmail()));
		}
		throw new Refusal(RefusalCode.IDENTITY_NOT_CONFIRMED);
	}

	@Operation(operationId = "resetPassword", summary = "Set a new clave with the token of a recovery link",
			description = "A refused clave (WEAK_PASSWORD, AGREEMENT_REQUIRED) leaves the token usable.",
			responses = @ApiResponse(responseCode = "204", description = "The clave is set; every session of the account ends."))
	@Refuses({ RefusalCode.WEAK_PASSWORD, RefusalCode.AGREEMENT_REQUIRED, RefusalCode.TOKEN_INVALID })
	@PostMapping("/reset")
	ResponseEntity<Void> reset(@RequestBody ResetRequest request, HttpServletRequest http) {
		RecoveryReset reset = recovery.reset(request.token(), request.newPassword(),
				Boolean.TRUE.equals(request.acceptAgreement()), RequestOrigins.of(http));
		if (reset instanceof RecoveryReset.LinkRefused) {
			throw new Refusal(RefusalCode.TOKEN_INVALID);
		}
		return ResponseEntity.noContent().build();
	}
}
