package ec.gob.iess.clave.web;

import java.util.List;

/**
 * A refusal with a stable code: the API answers it as problem+json, pages show its message.
 * {@code reasons} carries the WEAK_PASSWORD reasons; {@code retryAfterSeconds} goes to Retry-After.
 */
public class ClaveException extends RuntimeException {

	private final ErrorCode code;
	private final List<String> reasons;
	private final Long retryAfterSeconds;

	public ClaveException(ErrorCode code) {
		this(code, List.of(), null);
	}

	public ClaveException(ErrorCode code, List<String> reasons, Long retryAfterSeconds) {
		super(code.name(), null, false, false);
		this.code = code;
		this.reasons = List.copyOf(reasons);
		this.retryAfterSeconds = retryAfterSeconds;
	}

	public static ClaveException weakPassword(List<String> reasons) {
		return new ClaveException(ErrorCode.WEAK_PASSWORD, reasons, null);
	}

	public ErrorCode code() {
		return code;
	}

	public List<String> reasons() {
		return reasons;
	}

	public Long retryAfterSeconds() {
		return retryAfterSeconds;
	}
}
