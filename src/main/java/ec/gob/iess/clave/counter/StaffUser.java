package ec.gob.iess.clave.counter;

import java.time.Instant;
import java.util.Set;

/** A member of staff at a Centro de Atención Universal. */
record StaffUser(String username, String passwordHash, Set<StaffRole> roles, String center, String totpSecret,
		long totpLastStep, int failedAttempts, Instant lockedUntil) {

	boolean lockedAt(Instant now) {
		return lockedUntil != null && now.isBefore(lockedUntil);
	}
}
