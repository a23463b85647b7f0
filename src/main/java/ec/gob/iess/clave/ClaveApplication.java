package ec.gob.iess.clave;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Clave, the credential service of the IESS trámites virtuales.
 *
 * <p>{@code java -jar clave.jar} serves; the first arguments may name a command instead
 * ({@code audit verify}, {@code totp SECRET}), see {@link CommandLine}.
 */
// No in-memory user: people and staff sign in through Clave's own services, never a generated password.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class ClaveApplication {

	public static void main(String[] args) {
		if (CommandLine.isCommand(args)) {
			System.exit(CommandLine.run(args));
		}
		SpringApplication.run(ClaveApplication.class, args);
	}

	/** Every rule reads time from here, so tests can move it (link expiry, timeouts). */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}
}
