package ec.gob.iess.clave.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param coolingOff {@code clave.contact.cooling-off}: how long after its confirmation a contact changed
 *        online waits, without a "No fui yo", before recovery and unlock links go to it (PRODUCT.md §4.7)
 * @param linkTtl {@code clave.contact.link-ttl}: how long the link that confirms the new email works
 */
@ConfigurationProperties("clave.contact")
public record ContactSettings(@DefaultValue("PT72H") Duration coolingOff, @DefaultValue("PT1H") Duration linkTtl) {
}
