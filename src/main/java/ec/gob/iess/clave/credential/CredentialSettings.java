package ec.gob.iess.clave.credential;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The clave policies of PRODUCT.md §5, from {@code clave.*}. */
@ConfigurationProperties("clave")
record CredentialSettings(@DefaultValue Lockout lockout, @DefaultValue Password password,
		@DefaultValue Hashing hashing, @DefaultValue TemporaryPassword temporaryPassword) {

	public record Lockout(@DefaultValue("5") int maxFailures) {
	}

	public record Password(@DefaultValue("15") int minLength, @DefaultValue("128") int maxLength) {
	}

	/**
	 * @param permits concurrent hashes; 0 means the number of cores (each hash holds {@code memoryKib})
	 * @param maxQueue logins that may wait for a permit; beyond it they are shed with 503 at once
	 * @param maxWait how long a login waits for a permit before it is shed
	 */
	public record Hashing(@DefaultValue("19456") int memoryKib, @DefaultValue("2") int iterations,
			@DefaultValue("0") int permits, @DefaultValue("64") int maxQueue, @DefaultValue("PT2S") Duration maxWait) {

		int effectivePermits() {
			return permits > 0 ? permits : Runtime.getRuntime().availableProcessors();
		}
	}

	/**
	 * @param ttl how long a temporary clave works
	 * @param changeWindow how long after a login with it the same web session may set its new clave
	 *        without typing the temporary one again ({@code clave.temporary-password.change-window})
	 */
	public record TemporaryPassword(@DefaultValue("PT72H") Duration ttl, @DefaultValue("PT10M") Duration changeWindow) {
	}
}
