package ec.gob.iess.clave.unlock.web;

import jakarta.servlet.http.HttpServletRequest;

import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.unlock.UnlockConfirmation;
import ec.gob.iess.clave.unlock.UnlockService;
import ec.gob.iess.clave.web.Refuses;
import ec.gob.iess.clave.web.RequestOrigins;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/unlock} (always the same 202) and {@code /unlock/confirm} (API.md). */
@RestController
@RequestMapping("/api/v1/unlock")
@Tag(name = "Asegurados y empleadores")
class UnlockApiController {

	record UnlockRequest(@Schema(requiredMode = RequiredMode.REQUIRED, description = "A cédula or a RUC.") String username,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "Base64 of the solved challenge of GET /api/v1/captcha.") String captcha) {
	}

	record UnlockAnswer(@Schema(requiredMode = RequiredMode.REQUIRED, description = "Spanish, for the person; the same "
			+ "in every case.") String message) {
	}

	record ConfirmRequest(@Schema(requiredMode = RequiredMode.REQUIRED, description = "The token of the emailed link.") String token) {
	}

	private final UnlockService unlock;
	private final MessageSource messages;

	UnlockApiController(UnlockService unlock, MessageSource messages) {
		this.unlock = unlock;
		this.messages = messages;
	}

	@Operation(operationId = "requestUnlock", summary = "Ask for an unlock link (Desbloqueo de clave)",
			description = "A link is emailed only to a locked account with a contact verified in person; the answer is "
					+ "the same in every case.",
			responses = @ApiResponse(responseCode = "202", description = "Always the same answer.", useReturnTypeSchema = true))
	@Refuses({ RefusalCode.INVALID_CEDULA, RefusalCode.INVALID_RUC, RefusalCode.CAPTCHA_REQUIRED, RefusalCode.CAPTCHA_INVALID,
			RefusalCode.RATE_LIMITED })
	@PostMapping
	ResponseEntity<UnlockAnswer> request(@RequestBody UnlockRequest request, HttpServletRequest http) {
		var answer = unlock.request(request.username(), request.captcha(), RequestOrigins.of(http));
		String message = messages.getMessage("unlock.answer", new Object[] { answer.validMinutes() },
				java.util.Locale.forLanguageTag("es"));
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(new UnlockAnswer(message));
	}

	@Operation(operationId = "confirmUnlock", summary = "Unlock the account with the token of an unlock link",
			responses = @ApiResponse(responseCode = "204", description = "The account is unlocked."))
	@Refuses(RefusalCode.TOKEN_INVALID)
	@PostMapping("/confirm")
	ResponseEntity<Void> confirm(@RequestBody ConfirmRequest request, HttpServletRequest http) {
		if (unlock.confirm(request.token(), RequestOrigins.of(http)) instanceof UnlockConfirmation.LinkRefused) {
			throw new Refusal(RefusalCode.TOKEN_INVALID);
		}
		return ResponseEntity.noContent().build();
	}
}
