package ec.gob.iess.clave.counter;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param totpRequired {@code clave.staff.totp-required}: false only for development set-ups
 * @param totpKey {@code clave.staff.totp-key}: base64 AES-256 key that encrypts the TOTP secrets; unset,
 *        one is made once beside the embedded database, and PostgreSQL refuses to start without it
 */
@ConfigurationProperties("clave.staff")
record StaffSettings(@DefaultValue("true") boolean totpRequired, String totpKey) {
}
