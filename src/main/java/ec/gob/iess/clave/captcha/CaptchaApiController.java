package ec.gob.iess.clave.captcha;

import jakarta.servlet.http.HttpServletRequest;

import ec.gob.iess.clave.web.RequestOrigins;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/captcha}: a fresh challenge for the widget or an API client, at its source's level. */
@RestController
class CaptchaApiController {

	private final Captcha captcha;

	CaptchaApiController(Captcha captcha) {
		this.captcha = captcha;
	}

	@GetMapping("/api/v1/captcha")
	ResponseEntity<Captcha.Challenge> challenge(HttpServletRequest request) {
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(captcha.challenge(RequestOrigins.of(request)));
	}
}
