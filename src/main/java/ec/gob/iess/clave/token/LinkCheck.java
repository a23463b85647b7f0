package ec.gob.iess.clave.token;

import java.time.Instant;

/**
 * What opening a link found, without using it. Only an unused, unvoided link of the right purpose is
 * {@link Valid} or {@link Expired}; anything else (unknown, malformed, used, voided, other purpose) is
 * {@link Invalid}, indistinguishably.
 */
public sealed interface LinkCheck {

	/** @param expiresAt until when it may be used: the link's expiry, or a later end of its opening's grace */
	record Valid(String account, Instant expiresAt) implements LinkCheck {
	}

	/** Open but past its time: the page says so and offers a new link. */
	record Expired(String account) implements LinkCheck {
	}

	record Invalid() implements LinkCheck {
	}
}
