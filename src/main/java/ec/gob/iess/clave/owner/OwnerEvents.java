package ec.gob.iess.clave.owner;

import java.time.Instant;

import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.identity.Cedula;
import ec.gob.iess.clave.identity.EmailAddress;

/** What the owner did to their own account, for the notices. */
public final class OwnerEvents {

	private OwnerEvents() {
	}

	/**
	 * A contact change asked for online, not yet confirmed: the address mail goes to now is told, with
	 * "No fui yo" (PRODUCT.md §4.7). {@code email} is the new one.
	 */
	public record ContactChangeRequested(Cedula cedula, EmailAddress email, boolean emailChanged, boolean mobileChanged,
			Instant at, Origin origin) {
	}

	/** A passkey registered from Mi seguridad, under {@code name}: the owner is told, with "No fui yo". */
	public record PasskeyRegistered(String username, String name, Instant at, Origin origin) {
	}

	/** A passkey removed: the owner is told, with "No fui yo". */
	public record PasskeyRemoved(String username, String name, Instant at, Origin origin) {
	}
}
