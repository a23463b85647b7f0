package ec.gob.iess.clave.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import ec.gob.iess.clave.ClaveApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.metrics.StartupStep;

/**
 * Where Clave's start-up time goes (bench/compare-keycloak.sh {@code --startup-profile}): starts the application with
 * the given arguments (the same as the benchmark's server) and Spring's {@link BufferingApplicationStartup}, prints the
 * JVM's time to {@code main}, Spring's phases, and the steps with the largest own time (a step's duration minus its
 * children's: bean instantiations by bean name, configuration-class processing, ...), then stops. Not a test; it
 * changes nothing in the application.
 */
public final class StartupProfile {

	private StartupProfile() {
	}

	public static void main(String[] args) {
		long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
		long mainAt = System.currentTimeMillis();
		BufferingApplicationStartup startup = new BufferingApplicationStartup(50_000);
		SpringApplication application = new SpringApplication(ClaveApplication.class);
		application.setApplicationStartup(startup);
		ConfigurableApplicationContext context = application.run(args);
		long readyAt = System.currentTimeMillis();
		List<StartupTimeline.TimelineEvent> events = startup.getBufferedTimeline().getEvents();
		context.close();

		System.out.printf(Locale.ROOT, "%n== Clave start-up profile (BufferingApplicationStartup)%n");
		System.out.printf(Locale.ROOT, "JVM start to main(): %d ms; main() to the context ready: %d ms; total %d ms%n",
				mainAt - jvmStart, readyAt - mainAt, readyAt - jvmStart);

		Map<Long, Long> childrenNanos = new HashMap<>();
		for (StartupTimeline.TimelineEvent event : events) {
			Long parent = event.getStartupStep().getParentId();
			if (parent != null) {
				childrenNanos.merge(parent, event.getDuration().toNanos(), Long::sum);
			}
		}
		System.out.printf(Locale.ROOT, "%nSpring's top-level steps (wall time):%n");
		events.stream()
			.filter(e -> e.getStartupStep().getParentId() == null)
			.forEach(e -> System.out.printf(Locale.ROOT, "  %7d ms  %s%n", e.getDuration().toMillis(), describe(e)));

		record Own(StartupTimeline.TimelineEvent event, long nanos) {
		}
		List<Own> own = new ArrayList<>();
		for (StartupTimeline.TimelineEvent event : events) {
			long nanos = event.getDuration().toNanos()
					- childrenNanos.getOrDefault(event.getStartupStep().getId(), 0L);
			own.add(new Own(event, Math.max(0, nanos)));
		}
		System.out.printf(Locale.ROOT, "%nThe 30 steps with the largest own time (duration minus their children's):%n");
		own.stream()
			.sorted(Comparator.comparingLong(Own::nanos).reversed())
			.limit(30)
			.forEach(o -> System.out.printf(Locale.ROOT, "  %7.1f ms  %s%n", o.nanos / 1e6, describe(o.event)));

		System.out.printf(Locale.ROOT, "%nOwn time by kind of step:%n");
		own.stream()
			.collect(Collectors.groupingBy(o -> o.event.getStartupStep().getName(), Collectors.summingLong(Own::nanos)))
			.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(10)
			.forEach(e -> System.out.printf(Locale.ROOT, "  %7.1f ms  %s%n", e.getValue() / 1e6, e.getKey()));
		long steps = events.size();
		System.out.printf(Locale.ROOT, "(%d steps recorded; sum of own times %.0f ms)%n", steps,
				own.stream().mapToLong(Own::nanos).sum() / 1e6);
		System.exit(0);
	}

	private static String describe(StartupTimeline.TimelineEvent event) {
		StringBuilder text = new StringBuilder(event.getStartupStep().getName());
		for (StartupStep.Tag tag : event.getStartupStep().getTags()) {
			text.append(' ').append(tag.getKey()).append('=').append(tag.getValue());
		}
		return text.length() > 160 ? text.substring(0, 160) + "…" : text.toString();
	}

}
