package ec.gob.iess.clave.notice;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param linkTtl {@code clave.fraud-report.link-ttl}: how long the "No fui yo" link of a notice works
 *        (PRODUCT.md §4.7a: 30 days; it can only freeze the account, decision 106)
 */
@ConfigurationProperties("clave.fraud-report")
public record FraudReportSettings(@DefaultValue("P30D") Duration linkTtl) {
}
