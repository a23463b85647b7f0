package ec.gob.iess.clave.unlock.web;

import jakarta.servlet.http.HttpServletRequest;

import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.unlock.UnlockConfirmation;
import ec.gob.iess.clave.unlock.UnlockService;
import ec.gob.iess.clave.web.RequestOrigins;

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
class UnlockApiController {

	record UnlockRequest(String username, String captcha) {
	}

	record UnlockAnswer(String message) {
	}

	record ConfirmRequest(String token) {
	}

	private final UnlockService unlock;
	private final MessageSource messages;

	UnlockApiController(UnlockService unlock, MessageSource messages) {
		this.unlock = unlock;
		this.messages = messages;
	}

	@PostMapping
	ResponseEntity<UnlockAnswer> request(@RequestBody UnlockRequest request, HttpServletRequest http) {
		var answer = unlock.request(request.username(), request.captcha(), RequestOrigins.of(http));
		String message = messages.getMessage("unlock.answer", new Object[] { answer.validMinutes() },
				java.util.Locale.forLanguageTag("es"));
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(new UnlockAnswer(message));
	}

	@PostMapping("/confirm")
	ResponseEntity<Void> confirm(@RequestBody ConfirmRequest request, HttpServletRequest http) {
		if (unlock.confirm(request.token(), RequestOrigins.of(http)) instanceof UnlockConfirmation.LinkRefused) {
			throw new Refusal(RefusalCode.TOKEN_INVALID);
		}
		return ResponseEntity.noContent().build();
	}
}
