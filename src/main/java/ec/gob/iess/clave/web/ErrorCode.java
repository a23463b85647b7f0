package ec.gob.iess.clave.web;

import org.springframework.http.HttpStatus;

/** The stable codes of API.md; {@code detail} texts live in the message bundles as {@code problem.<CODE>}. */
public enum ErrorCode {
	INVALID_REQUEST(HttpStatus.BAD_REQUEST),
	INVALID_CEDULA(HttpStatus.BAD_REQUEST),
	INVALID_RUC(HttpStatus.BAD_REQUEST),
	CAPTCHA_REQUIRED(HttpStatus.BAD_REQUEST),
	CAPTCHA_INVALID(HttpStatus.BAD_REQUEST),
	INVALID_CREDENTIALS(HttpStatus.UNAUTHORIZED),
	PASSWORD_CHANGE_REQUIRED(HttpStatus.FORBIDDEN),
	WEAK_PASSWORD(HttpStatus.BAD_REQUEST),
	AGREEMENT_REQUIRED(HttpStatus.BAD_REQUEST),
	IDENTITY_NOT_CONFIRMED(HttpStatus.UNPROCESSABLE_CONTENT),
	TOKEN_INVALID(HttpStatus.GONE),
	RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS),
	FINGERPRINT_MISMATCH(HttpStatus.CONFLICT),
	FORBIDDEN(HttpStatus.FORBIDDEN),
	NOT_FOUND(HttpStatus.NOT_FOUND),
	UNAUTHENTICATED(HttpStatus.UNAUTHORIZED),
	UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE);

	private final HttpStatus status;

	ErrorCode(HttpStatus status) {
		this.status = status;
	}

	public HttpStatus status() {
		return status;
	}
}
