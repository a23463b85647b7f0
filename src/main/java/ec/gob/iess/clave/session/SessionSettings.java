package ec.gob.iess.clave.session;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Session timeouts (PRODUCT.md §5): idle 15 min, absolute 8 h, for web sessions and API tokens alike. */
@ConfigurationProperties("clave.session")
public record SessionSettings(Duration idleTimeout, Duration absoluteTimeout) {

	public SessionSettings {
		idleTimeout = idleTimeout == null ? Duration.ofMinutes(15) : idleTimeout;
		absoluteTimeout = absoluteTimeout == null ? Duration.ofHours(8) : absoluteTimeout;
	}
}
