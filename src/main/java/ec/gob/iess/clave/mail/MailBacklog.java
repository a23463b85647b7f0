package ec.gob.iess.clave.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * What waits in the outbox, for operators: {@code clave_mail_backlog} and {@code clave_mail_oldest_seconds}
 * on {@code /actuator/prometheus}, and the {@code mailBacklog} part of readiness. The outbox is shared, so
 * this says the same on every node: mail is not leaving (the mail server, or no node dispatching).
 *
 * <p>Readiness looks only at messages still tried on the short schedule: one address that refuses for ever is
 * retried every five minutes and warned about in the log, but must not take every node out of the balancer.
 */
@Component("mailBacklog")
class MailBacklog implements HealthIndicator {

	private final MailOutbox outbox;
	private final Duration readyAge;
	private final Clock clock;

	MailBacklog(MailOutbox outbox, MailSettings settings, Clock clock, MeterRegistry meters) {
		this.outbox = outbox;
		this.readyAge = settings.readyBacklogAge();
		this.clock = clock;
		Gauge.builder("clave.mail.backlog", this, backlog -> backlog.now().unsent())
			.description("Messages in the outbox not sent yet")
			.register(meters);
		Gauge.builder("clave.mail.oldest", this, backlog -> backlog.age(backlog.now().oldest()).toMillis() / 1000.0)
			.baseUnit("seconds")
			.description("Age of the oldest message not sent yet (0 when none)")
			.register(meters);
	}

	@Override
	public Health health() {
		if (readyAge.isZero()) {
			return Health.up().build();
		}
		Duration age = age(now().oldestStillTried());
		return age.compareTo(readyAge) > 0 ? Health.down().withDetail("oldestSeconds", age.toSeconds()).build()
				: Health.up().build();
	}

	private MailOutbox.Backlog now() {
		return outbox.backlog(RetrySchedule.WARN_AFTER);
	}

	private Duration age(Instant oldest) {
		if (oldest == null) {
			return Duration.ZERO;
		}
		Duration age = Duration.between(oldest, clock.instant());
		return age.isNegative() ? Duration.ZERO : age;
	}
}
