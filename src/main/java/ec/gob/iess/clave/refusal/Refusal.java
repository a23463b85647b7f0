package ec.gob.iess.clave.refusal;

import java.util.List;

/**
 * A refusal with a stable code, raised by domain code that knows nothing of HTTP: the API answers
 * it as problem+json, pages show its message. {@code reasons} carries the WEAK_PASSWORD reasons;
 * {@code retryAfterSeconds} says when trying again makes sense (a rate limit, an overload);
 * {@code detailKey}, when set, names the message of a more precise {@code detail} under the same code.
 */
public class Refusal extends RuntimeException {

	private final RefusalCode code;
	private final List<String> reasons;
	private final Long retryAfterSeconds;
	private final String detailKey;

	public Refusal(RefusalCode code) {
		this(code, List.of(), null);
	}

	public Refusal(RefusalCode code, List<String> reasons, Long retryAfterSeconds) {
		this(code, reasons, retryAfterSeconds, null);
	}

	private Refusal(RefusalCode code, List<String> reasons, Long retryAfterSeconds, String detailKey) {
		super(code.name(), null, false, false);
		this.code = code;
		this.reasons = List.copyOf(reasons);
		this.retryAfterSeconds = retryAfterSeconds;
		this.detailKey = detailKey;
	}

	/** The code, with the message {@code detailKey} as its {@code detail} instead of the code's own. */
	public static Refusal withDetail(RefusalCode code, String detailKey) {
		return new Refusal(code, List.of(), null, detailKey);
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

	/** The message key of a more precise detail, or null for the code's own. */
	public String detailKey() {
		return detailKey;
	}
}
