package ec.gob.iess.clave.refusal;

import java.util.List;

/**
 * A refusal with a stable code, raised by domain code that knows nothing of HTTP: the API answers
 * it as problem+json, pages show its message. {@code reasons} carries the WEAK_PASSWORD reasons;
 * {@code retryAfterSeconds} says when trying again makes sense (a rate limit, an overload).
 */
public class Refusal extends RuntimeException {

	private final RefusalCode code;
	private final List<String> reasons;
	private final Long retryAfterSeconds;

	public Refusal(RefusalCode code) {
		this(code, List.of(), null);
	}

	public Refusal(RefusalCode code, List<String> reasons, Long retryAfterSeconds) {
		super(code.name(), null, false, false);
		this.code = code;
		this.reasons = List.copyOf(reasons);
		this.retryAfterSeconds = retryAfterSeconds;
	}

	public static Refusal weakPassword(List<String> reasons) {
		return new Refusal(RefusalCode.WEAK_PASSWORD, reasons, null);
	}

	public static Refusal retryAfter(RefusalCode code, long seconds) {
		return new Refusal(code, List.of(), seconds);
	}

	public RefusalCode code() {
		return code;
	}

	public List<String> reasons() {
		return reasons;
	}

	public Long retryAfterSeconds() {
		return retryAfterSeconds;
	}
}
