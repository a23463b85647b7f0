package ec.gob.iess.clave.mail;

import java.time.Duration;

/** When to try a failed message again: 1 s, 2 s, 4 s … doubling up to 5 minutes, and then every 5 minutes for ever. */
final class RetrySchedule {

	static final Duration CAP = Duration.ofMinutes(5);

	/** After this many failures each further one is logged as a warning: someone should look at the mail server. */
	static final int WARN_AFTER = 20;

	private RetrySchedule() {
	}

	/** @param failures the failed attempts so far, the one just made included (≥ 1) */
	static Duration delayAfter(int failures) {
		int doublings = Math.max(0, Math.min(failures - 1, 20));
		Duration delay = Duration.ofSeconds(1L << doublings);
		return delay.compareTo(CAP) > 0 ? CAP : delay;
	}
}
