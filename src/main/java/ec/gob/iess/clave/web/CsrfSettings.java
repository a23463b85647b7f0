package ec.gob.iess.clave.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code clave.csrf.*}.
 *
 * @param hmacKey the key that signs the CSRF cookie of anonymous forms, the same on every node; when unset,
 *        one is made and kept in the database ({@code ServerKeys}, purpose {@code csrf})
 */
@ConfigurationProperties("clave.csrf")
record CsrfSettings(String hmacKey) {

	/** 256 bits written as text; shorter configured keys are refused at start-up rather than weakly used. */
	static final int MIN_KEY_LENGTH = 32;

	CsrfSettings {
		if (hmacKey != null && hmacKey.isBlank()) {
			hmacKey = null;
		}
		if (hmacKey != null && hmacKey.length() < MIN_KEY_LENGTH) {
			throw new IllegalArgumentException("clave.csrf.hmac-key needs at least " + MIN_KEY_LENGTH + " characters");
		}
	}
}
