package ec.gob.iess.clave.recovery.web;

import java.time.LocalDate;

import jakarta.servlet.http.HttpServletRequest;

import ec.gob.iess.clave.recovery.RecoveryAnswer;
import ec.gob.iess.clave.recovery.RecoveryReset;
import ec.gob.iess.clave.recovery.RecoveryService;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.web.RequestOrigins;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/password/recovery} and {@code /password/reset} (API.md). */
@RestController
@RequestMapping("/api/v1/password")
class RecoveryApiController {

	record RecoveryRequest(String username, String captcha, LocalDate birthDate, String fingerprintCode) {
	}

	record Sent(boolean sent, String maskedEmail) {
	}

	record ResetRequest(String token, String newPassword, Boolean acceptAgreement) {
	}

	private final RecoveryService recovery;

	RecoveryApiController(RecoveryService recovery) {
		this.recovery = recovery;
	}

	@PostMapping("/recovery")
	ResponseEntity<Sent> request(@RequestBody RecoveryRequest request, HttpServletRequest http) {
		RecoveryAnswer answer = recovery.request(request.username(), request.captcha(), request.birthDate(),
				request.fingerprintCode(), RequestOrigins.of(http));
		if (answer instanceof RecoveryAnswer.Sent sent) {
			return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Sent(true, sent.maskedEmail()));
		}
		throw new Refusal(RefusalCode.IDENTITY_NOT_CONFIRMED);
	}

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
