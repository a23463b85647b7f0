package ec.gob.iess.clave.web;

import ec.gob.iess.clave.refusal.RefusalCode;

import org.springframework.http.HttpStatus;

/** The one place where a refusal becomes an HTTP status (API.md's table of codes). */
final class RefusalStatus {

	private RefusalStatus() {
	}

	static HttpStatus of(RefusalCode code) {
		return switch (code) {
			case INVALID_REQUEST, INVALID_CEDULA, INVALID_RUC, CAPTCHA_REQUIRED, CAPTCHA_INVALID, WEAK_PASSWORD,
					AGREEMENT_REQUIRED -> HttpStatus.BAD_REQUEST;
			case INVALID_CREDENTIALS, UNAUTHENTICATED, REAUTHENTICATION_REQUIRED -> HttpStatus.UNAUTHORIZED;
			case PASSWORD_CHANGE_REQUIRED, FORBIDDEN -> HttpStatus.FORBIDDEN;
			case IDENTITY_NOT_CONFIRMED -> HttpStatus.UNPROCESSABLE_CONTENT;
			case TOKEN_INVALID -> HttpStatus.GONE;
			case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
			case FINGERPRINT_MISMATCH -> HttpStatus.CONFLICT;
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
		};
	}
}
