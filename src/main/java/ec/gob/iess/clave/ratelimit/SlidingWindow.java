package ec.gob.iess.clave.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * The arithmetic of one limit at one instant, apart from the database and the clock, so that it is
 * unit-tested in milliseconds. Counters are kept per fixed window ({@link #start()}); the sliding
 * window's count is this window's hits plus the previous window's, weighted by how much of the
 * previous window the sliding window still covers.
 */
final class SlidingWindow {

	/** Shorter windows are taken as one second: a window of nothing would refuse nothing, or everything. */
	static final long SHORTEST_MILLIS = 1000;

	/**
	 * Longer windows are taken as a century: no limit needs more, and beyond it the previous window's
	 * start would leave what a database timestamp holds (and milliseconds overflow a long).
	 */
	static final Duration LONGEST = Duration.ofDays(36_525);

	private final int limit;
	private final long lengthMillis;
	private final long startMillis;
	private final long nowMillis;

	private SlidingWindow(int limit, long lengthMillis, long startMillis, long nowMillis) {
		this.limit = limit;
		this.lengthMillis = lengthMillis;
		this.startMillis = startMillis;
		this.nowMillis = nowMillis;
	}

	static SlidingWindow at(Instant now, int limit, Duration length) {
		long lengthMillis = length.compareTo(LONGEST) > 0 ? LONGEST.toMillis() : Math.max(SHORTEST_MILLIS, length.toMillis());
		long nowMillis = now.toEpochMilli();
		return new SlidingWindow(limit, lengthMillis, nowMillis - Math.floorMod(nowMillis, lengthMillis), nowMillis);
	}

	int limit() {
		return limit;
	}

	Duration length() {
		return Duration.ofMillis(lengthMillis);
	}

	/** Where this fixed window's counter starts: the same instant on every node. */
	Instant start() {
		return Instant.ofEpochMilli(startMillis);
	}

	Instant previousStart() {
		return Instant.ofEpochMilli(startMillis - lengthMillis);
	}

	/** How much of this fixed window has passed, in [0, 1). */
	double elapsedFraction() {
		return (nowMillis - startMillis) / (double) lengthMillis;
	}

	/** The hits in the sliding window that ends now. */
	double estimate(long currentHits, long previousHits) {
		return currentHits + previousHits * (1.0 - elapsedFraction());
	}

	/** After counting a hit: whether it went past the limit (and must be taken back). */
	boolean refuses(long currentHits, long previousHits) {
		return estimate(currentHits, previousHits) > limit;
	}

	/** Without counting: whether the limit is reached, so the next attempt would be past it. */
	boolean reached(long currentHits, long previousHits) {
		return estimate(currentHits, previousHits) >= limit;
	}

	/**
	 * Until this fixed window ends, in whole seconds rounded up: by then the estimate has dropped by at
	 * least this window's share.
	 */
	long retryAfterSeconds() {
		long remainingMillis = startMillis + lengthMillis - nowMillis;
		return Math.max(1, Math.floorDiv(remainingMillis + 999, 1000));
	}
}
