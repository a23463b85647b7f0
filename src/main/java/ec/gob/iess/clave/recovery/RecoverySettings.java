package ec.gob.iess.clave.recovery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param linkTtl {@code clave.recovery.link-ttl}, 15 minutes by default
 * @param answerTime every recovery answer takes at least this long, whatever the case, so timing
 *        does not tell a match from a miss (SECURITY.md 12)
 * @param triesPerCaptcha how many times the web's identity page may be sent (birth date and código
 *        dactilar checked) after one solved captcha, before "No soy un robot" is asked again (decision 63)
 * @param newClaveWindow {@code clave.recovery.new-clave-window}: once the link was opened in time, how
 *        long the new-clave page stays usable in that browser, even past the link's own expiry (decision 58)
 */
@ConfigurationProperties("clave.recovery")
public record RecoverySettings(@DefaultValue("PT15M") Duration linkTtl, @DefaultValue("PT0.3S") Duration answerTime,
		@DefaultValue("3") int triesPerCaptcha, @DefaultValue("PT15M") Duration newClaveWindow) {
}
