package ec.gob.iess.clave.mail;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code clave.mail.*}.
 *
 * @param from the sender of every message
 * @param dispatchInterval the pause between two looks at the outbox (a message leaves within about this long of its commit)
 * @param lease how long a node's claim on a message is exclusive; a crashed node's messages are taken over after it
 * @param batchSize messages claimed at once
 * @param readyBacklogAge readiness is down while a message still being tried (fewer than
 *        {@link RetrySchedule#WARN_AFTER} failures) has waited longer than this; zero turns the check off
 */
@ConfigurationProperties("clave.mail")
record MailSettings(@DefaultValue("no-responder@localhost") String from, @DefaultValue("500ms") Duration dispatchInterval,
		@DefaultValue("PT2M") Duration lease, @DefaultValue("20") int batchSize,
		@DefaultValue("PT10M") Duration readyBacklogAge) {
}
