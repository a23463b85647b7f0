package ec.gob.iess.clave.refusal;

/**
 * The stable codes of API.md. They say what was refused, not how a channel answers it: the web
 * module maps each to an HTTP status in one place ({@code web.RefusalStatus}); {@code detail}
 * texts live in the message bundles as {@code problem.<CODE>}.
 */
public enum RefusalCode {
	INVALID_REQUEST,
	INVALID_CEDULA,
	INVALID_RUC,
	CAPTCHA_REQUIRED,
	CAPTCHA_INVALID,
	INVALID_CREDENTIALS,
	PASSWORD_CHANGE_REQUIRED,
	WEAK_PASSWORD,
	AGREEMENT_REQUIRED,
	IDENTITY_NOT_CONFIRMED,
	TOKEN_INVALID,
	RATE_LIMITED,
	FINGERPRINT_MISMATCH,
	FORBIDDEN,
	NOT_FOUND,
	UNAUTHENTICATED,
	UNAVAILABLE,
	REAUTHENTICATION_REQUIRED
}
