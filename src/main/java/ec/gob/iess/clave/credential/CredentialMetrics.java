package ec.gob.iess.clave.credential;

import java.util.EnumMap;
import java.util.Locale;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The credential module's counts for {@code /actuator/prometheus}: logins by outcome, lockouts, the hash's
 * time and the hashes waiting for a permit. Labels are these enums only, never an account or an address;
 * the audit stays the record of who and where.
 */
@Component
class CredentialMetrics {

	/** {@code clave_logins_total{outcome}}. */
	enum LoginResult {
		/** In. */
		SUCCESS,
		/** In with a temporary clave, which must be changed first. */
		TEMPORARY,
		/** The number, clave or account state not accepted (one answer for all). */
		FAILURE,
		/** Refused before the clave was judged: a rate limit, the captcha, a malformed number. */
		REFUSED,
		/** The node was saturated hashing: 503 + Retry-After. */
		UNAVAILABLE
	}

	private final EnumMap<LoginResult, Counter> logins = new EnumMap<>(LoginResult.class);
	private final Counter lockouts;
	private final Timer hash;

	CredentialMetrics(MeterRegistry meters, HashingGate gate) {
		for (LoginResult result : LoginResult.values()) {
			logins.put(result, Counter.builder("clave.logins")
				.tag("outcome", result.name().toLowerCase(Locale.ROOT))
				.description("Logins (Ingresar, web and API) by outcome")
				.register(meters));
		}
		this.lockouts = Counter.builder("clave.lockouts").description("Accounts locked (BLOQUEADA) by failed logins")
			.register(meters);
		this.hash = Timer.builder("clave.hash")
			.description("Time of one Argon2id computation, on its hashing thread (the wait for a permit excluded)")
			.publishPercentileHistogram()
			.register(meters);
		Gauge.builder("clave.hash.queue", gate, HashingGate::waiting)
			.description("Hashes waiting for a permit on this node")
			.register(meters);
		Gauge.builder("clave.hash.active", gate, g -> g.permits() - g.available())
			.description("Hashes running on this node (at most the permits)")
			.register(meters);
	}

	void login(LoginResult result) {
		logins.get(result).increment();
	}

	void lockout() {
		lockouts.increment();
	}

	<T> Supplier<T> timed(Supplier<T> work) {
		return () -> hash.record(work);
	}
}
