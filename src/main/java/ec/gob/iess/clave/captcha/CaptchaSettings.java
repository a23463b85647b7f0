package ec.gob.iess.clave.captcha;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code clave.captcha.*}.
 *
 * @param maxNumber the difficulty: a browser tries on average half of it (SHA-256 each)
 * @param ttl how long a challenge may be solved and used
 * @param hmacKey the signing key shared by every node; when unset, one is made and kept in the database
 */
@ConfigurationProperties("clave.captcha")
record CaptchaSettings(@DefaultValue("100000") int maxNumber, @DefaultValue("PT5M") Duration ttl, String hmacKey) {

	/** 256 bits written as text; shorter configured keys are refused at start-up rather than weakly used. */
	static final int MIN_KEY_LENGTH = 32;

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
	}
}
