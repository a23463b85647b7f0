package ec.gob.iess.clave.credential;

import java.time.Instant;

import ec.gob.iess.clave.audit.Origin;

/**
 * What happened to a clave, published after the change so that other modules (the notices by mail)
 * can react without the credential module knowing them. The account is named by its {@link Username}.
 */
public final class CredentialEvents {

	private CredentialEvents() {
	}

	public record AccountLocked(Username username, Instant at, Origin origin) {
	}

	public record AccountUnlocked(Username username, Instant at, Origin origin) {
	}

	public record PasswordChanged(Username username, Instant at, Origin origin) {
	}

	/** A clave set through a recovery link (Generar/recuperar clave). */
	public record PasswordReset(Username username, Instant at, Origin origin) {
	}

	public record TemporaryPasswordIssued(Username username, Instant at, Origin origin) {
	}

	/**
	 * Frozen: every session, token, link and service session of the account ends with it.
	 * {@code byOwner}: the owner said "No fui yo" (it is published again for an account already
	 * suspended, so that whatever is open ends anyway).
	 */
	public record AccountSuspended(Username username, Instant at, Origin origin, boolean byOwner) {

		public AccountSuspended(Username username, Instant at, Origin origin) {
			this(username, at, origin, false);
		}
	}

	public record AccountReactivated(Username username, Instant at, Origin origin) {
	}
}
