package ec.gob.iess.clave.counter;

import java.time.Instant;
import java.util.List;

import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.identity.Cedula;
import ec.gob.iess.clave.identity.EmailAddress;
import ec.gob.iess.clave.identity.Ruc;

/**
 * What the counter changed about a person, published inside the change's transaction so that the
 * notices (by mail, to the person) are queued with it; the counter does not know who listens.
 */
public final class CounterEvents {

	private CounterEvents() {
	}

	/**
	 * A verification replaced a verified email or mobile with another one: the fraud SECURITY.md opens
	 * with, so both the previous and the new address are told, naming the centre.
	 *
	 * @param previousEmail the address verified before, {@code null} if it was unusable (old data)
	 * @param email the address verified now
	 */
	public record ContactChanged(Cedula cedula, EmailAddress previousEmail, EmailAddress email, boolean emailChanged,
			boolean mobileChanged, Instant at, Origin origin) {
	}

	/**
	 * A verification recorded an email and mobile where there were none verified before ({@code first}),
	 * or the same ones again: the person is told at the address, so that a verification they did not make
	 * does not go unnoticed either.
	 */
	public record ContactVerified(Cedula cedula, EmailAddress email, boolean first, Instant at, Origin origin) {
	}

	/** A counter changed an existing person's data; {@code changed} names the fields (never their values). */
	public record PersonUpdated(Cedula cedula, List<String> changed, Instant at, Origin origin) {
	}

	/**
	 * A counter registered an employer, or changed its legal name, representative or email.
	 *
	 * @param changed the changed fields by name ({@code legalName}, {@code representative}, {@code email});
	 *        empty for a registration
	 * @param mailedBefore where the employer's mail went before the change, {@code null} if nowhere
	 */
	public record EmployerChanged(Ruc ruc, boolean registered, List<String> changed, EmailAddress mailedBefore,
			Instant at, Origin origin) {
	}

	/**
	 * A finger presented at a counter did not match the one enrolled: someone may be posing as the person
	 * there, so the person is told, with the centre.
	 */
	public record FingerprintMismatch(Cedula cedula, Instant at, Origin origin) {
	}

	/** A supervisor forgot the enrolled finger: the next verification at any counter enrols a new one. */
	public record FingerprintReset(Cedula cedula, Instant at, Origin origin) {
	}
}
