package ec.gob.iess.clave.unlock;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param linkTtl {@code clave.unlock.link-ttl}: 3 minutes, the seed's rule
 * @param answerTime every unlock answer takes at least this long, whatever the case (SECURITY.md 12)
 * @param confirmWindow {@code clave.unlock.confirm-window}: once the link was opened in time, how long
 *        "Confirmar desbloqueo" stays usable in that browser, even past the link's own expiry (decision 58)
 */
@ConfigurationProperties("clave.unlock")
public record UnlockSettings(@DefaultValue("PT3M") Duration linkTtl, @DefaultValue("PT0.3S") Duration answerTime,
		@DefaultValue("PT10M") Duration confirmWindow) {
}
