package ec.gob.iess.clave.captcha;

import jakarta.servlet.http.HttpServletRequest;

import ec.gob.iess.clave.web.RequestOrigins;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/captcha}: a fresh challenge for the widget or an API client, at its source's level. */
@RestController
@Tag(name = "Captcha")
class CaptchaApiController {

	private final Captcha captcha;

	CaptchaApiController(Captcha captcha) {
		this.captcha = captcha;
	}

	@Operation(operationId = "captchaChallenge", summary = "A fresh captcha challenge",
			description = "Find n in [0, maxnumber] with hex(sha256(salt + n)) == challenge, then send base64 of "
					+ "{\"algorithm\",\"challenge\",\"number\":n,\"salt\",\"signature\"} as the captcha field. A solution "
					+ "is accepted once, before it expires.",
			responses = @ApiResponse(responseCode = "200", description = "An ALTCHA challenge.", useReturnTypeSchema = true))
	@GetMapping("/api/v1/captcha")
	ResponseEntity<Captcha.Challenge> challenge(HttpServletRequest request) {
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(captcha.challenge(RequestOrigins.of(request)));
	}
}
