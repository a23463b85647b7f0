package ec.gob.iess.clave.counter;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param totpRequired {@code clave.staff.totp-required}: false only for development set-ups
 * @param lockout how long a staff account stays locked after {@code clave.lockout.max-failures} failures
 */
@ConfigurationProperties("clave.staff")
record StaffSettings(@DefaultValue("true") boolean totpRequired, @DefaultValue("PT15M") Duration lockout) {
}
