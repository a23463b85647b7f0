package ec.gob.iess.clave.captcha;

import java.time.Duration;

/**
 * How hard "No soy un robot" is for a source, as a plain rule: level 0 until the source has made
 * {@code freeAttempts} recent attempts, then one level more per attempt up to {@code maxLevel}; each
 * level doubles the proof of work and the wait of a ticket (docs/decisions.md 67).
 */
final class Difficulty {

	private final Duration ticketWait;
	private final int maxLevel;
	private final int freeAttempts;

	Difficulty(Duration ticketWait, int maxLevel, int freeAttempts) {
		this.ticketWait = ticketWait;
		this.maxLevel = maxLevel;
		this.freeAttempts = freeAttempts;
	}

	static Difficulty of(CaptchaSettings settings) {
		return new Difficulty(settings.ticketWait(), settings.maxLevel(), settings.freeAttempts());
	}

	/** @param recentAttempts what the source's counters hold now (failed logins, recovery and unlock requests) */
	int level(long recentAttempts) {
		return (int) Math.min(maxLevel, Math.max(0, recentAttempts - freeAttempts));
	}

	/** How long after it was issued a ticket at a level becomes valid. */
	Duration ticketWait(int level) {
		return ticketWait.multipliedBy(1L << Math.max(0, Math.min(maxLevel, level)));
	}
}
