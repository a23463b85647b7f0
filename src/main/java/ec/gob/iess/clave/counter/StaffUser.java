package ec.gob.iess.clave.counter;

import java.util.Set;

/**
 * A member of staff at a Centro de Atención Universal; {@code totpSecret} is the decrypted Base32 secret,
 * {@code totpConfirmed} whether a code from it was ever accepted (until then /centro offers its QR code),
 * and {@code disabled} whether an administrator disabled the account (no login by page or API).
 */
record StaffUser(String username, String passwordHash, Set<StaffRole> roles, String center, String totpSecret,
		long totpLastStep, boolean totpConfirmed, boolean disabled) {
}
