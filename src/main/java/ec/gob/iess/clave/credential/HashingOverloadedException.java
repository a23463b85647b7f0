package ec.gob.iess.clave.credential;

import java.time.Duration;
import java.util.Objects;

/**
 * Too many claves are being hashed at once: the caller should answer "try again shortly" (HTTP 503 with
 * {@code Retry-After: }{@link #retryAfter()}) rather than queue without bound.
 */
class HashingOverloadedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient Duration retryAfter;

	public HashingOverloadedException(String message, Duration retryAfter) {
		super(message);
		this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
	}

	/** How long the client should wait before trying again. */
	public Duration retryAfter() {
		return retryAfter;
	}
}
