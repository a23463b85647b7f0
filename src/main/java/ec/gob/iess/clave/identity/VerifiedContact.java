package ec.gob.iess.clave.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * Email and mobile registered in person at a Centro de Atención Universal, after the fingerprint
 * check: the only contact online recovery and unlock send links to.
 *
 * @param email {@code null} only for a stored address that today's rule ({@link EmailAddress}) refuses:
 *        old data, kept but never mailed, until the counter verifies a good one
 */
public record VerifiedContact(EmailAddress email, String mobile, Instant verifiedAt, String center, String agent) {

	/** "j***z@g***.com": enough for the owner to recognise the address, too little for anyone else. */
	public String maskedEmail() {
		return email == null ? null : email.masked();
	}

	/** Whether {@code other} names another email or mobile than this one (who and when aside). */
	public boolean differsFrom(VerifiedContact other) {
		return !Objects.equals(email, other.email) || !Objects.equals(mobile, other.mobile);
	}
}
