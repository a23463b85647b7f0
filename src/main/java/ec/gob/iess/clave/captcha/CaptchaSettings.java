package ec.gob.iess.clave.captcha;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code clave.captcha.*}.
 *
 * @param maxNumber the difficulty at level 0: a browser tries on average half of it (SHA-256 each)
 * @param ttl how long a challenge or a ticket may be solved and used
 * @param hmacKey the signing key shared by every node; when unset, one is made and kept in the database
 * @param ticketWait how long after the page was shown a ticket for a browser without JavaScript becomes
 *        valid, at level 0 (docs/decisions.md 66)
 * @param maxLevel the highest level: the work and the wait double per level up to {@code 2^maxLevel}
 *        times (docs/decisions.md 67)
 * @param freeAttempts the recent attempts of a source (failed logins, recovery and unlock requests) that
 *        leave it at level 0; each one beyond raises the level by one
 */
@ConfigurationProperties("clave.captcha")
record CaptchaSettings(@DefaultValue("100000") int maxNumber, @DefaultValue("PT5M") Duration ttl, String hmacKey,
		@DefaultValue("PT5S") Duration ticketWait, @DefaultValue("2") int maxLevel, @DefaultValue("5") int freeAttempts) {

	/** 256 bits written as text; shorter configured keys are refused at start-up rather than weakly used. */
	static final int MIN_KEY_LENGTH = 32;

	/** 2^10 = 1024 times the work is far past what any phone solves; beyond, maxnumber would leave an int. */
	static final int HIGHEST_LEVEL = 10;

	CaptchaSettings {
		if (maxNumber < 1) {
			throw new IllegalArgumentException("clave.captcha.max-number must be at least 1");
		}
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("clave.captcha.ttl must be positive");
		}
		if (hmacKey != null && hmacKey.isBlank()) {
			hmacKey = null;
		}
		if (hmacKey != null && hmacKey.length() < MIN_KEY_LENGTH) {
			throw new IllegalArgumentException("clave.captcha.hmac-key needs at least " + MIN_KEY_LENGTH + " characters");
		}
		if (maxLevel < 0 || maxLevel > HIGHEST_LEVEL || ((long) maxNumber << maxLevel) > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("clave.captcha.max-level must be 0 to " + HIGHEST_LEVEL
					+ ", and max-number times 2^max-level must stay below 2^31");
		}
		if (freeAttempts < 0) {
			throw new IllegalArgumentException("clave.captcha.free-attempts must not be negative");
		}
		if (ticketWait.isNegative() || ticketWait.multipliedBy(1L << maxLevel).compareTo(ttl) >= 0) {
			throw new IllegalArgumentException("clave.captcha.ticket-wait times 2^max-level must be shorter than clave.captcha.ttl");
		}
	}
}
