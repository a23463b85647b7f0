package ec.gob.iess.clave.counter;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code clave.bootstrap.*}: the first administrator, created at start when none exists. Give
 * {@code admin-totp-secret} to choose the TOTP secret; without it one is made and shown once.
 */
@ConfigurationProperties("clave.bootstrap")
record BootstrapSettings(String adminUsername, String adminPassword, String adminTotpSecret,
		@DefaultValue("Matriz") String adminCenter) {
}
