package ec.gob.iess.clave.credential;

import java.time.Instant;

import ec.gob.iess.clave.audit.Origin;

/**
 * What happened to a clave, published after the change so that other modules (the notices by mail)
 * can react without the credential module knowing them.
 */
public final class CredentialEvents {

	private CredentialEvents() {
	}

	public record AccountLocked(String username, Instant at, Origin origin) {
	}

	public record AccountUnlocked(String username, Instant at, Origin origin) {
	}

	public record PasswordChanged(String username, Instant at, Origin origin) {
	}

	/** A clave set through a recovery link (Generar/recuperar clave). */
	public record PasswordReset(String username, Instant at, Origin origin) {
	}

	public record TemporaryPasswordIssued(String username, Instant at, Origin origin) {
	}

	public record AccountSuspended(String username, Instant at, Origin origin) {
	}

	public record AccountReactivated(String username, Instant at, Origin origin) {
	}
}
