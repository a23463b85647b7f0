package ec.gob.iess.clave.biometric;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param key {@code clave.biometric.key}: base64 AES-256 key that seals the templates; unset, one is made
 *        once in {@code biometric.key} beside the embedded database, and PostgreSQL refuses to start without it
 * @param threshold {@code clave.biometric.threshold}: the SourceAFIS score at or above which two fingerprints
 *        are the same finger (40: a false match about once in 10,000 comparisons of different fingers)
 */
@ConfigurationProperties("clave.biometric")
record BiometricSettings(String key, @DefaultValue("40") double threshold) {
}
