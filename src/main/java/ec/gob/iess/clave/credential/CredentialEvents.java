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

	public record AccountSuspended(Username username, Instant at, Origin origin) {
	}

	public record AccountReactivated(Username username, Instant at, Origin origin) {
	}
}
