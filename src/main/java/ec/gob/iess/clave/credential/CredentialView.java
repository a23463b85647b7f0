package ec.gob.iess.clave.credential;

import java.time.Instant;

/**
 * What other modules may know of an account, read-only: its state and failures for the counter, its
 * state for the self-service flows. The hash, the lock time and the suspension reason stay inside.
 *
 * @param temporaryExpiresAt when the temporary clave expires, or null when there is none
 */
public record CredentialView(Username username, CredentialStatus status, int failedAttempts, Instant temporaryExpiresAt) {

	public AccountKind kind() {
		return username.kind();
	}
}
