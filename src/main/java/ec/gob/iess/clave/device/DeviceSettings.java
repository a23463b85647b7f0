package ec.gob.iess.clave.device;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code clave.device.*}.
 *
 * @param hmacKey signs device tokens; the same on every node; unset: made once and kept in {@code server_keys}
 * @param ttl how long a device stays trusted after it was issued its token; unused devices are forgotten after it
 */
@ConfigurationProperties("clave.device")
public record DeviceSettings(String hmacKey, @DefaultValue("P180D") Duration ttl) {
}
