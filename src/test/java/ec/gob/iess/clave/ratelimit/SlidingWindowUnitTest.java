package ec.gob.iess.clave.ratelimit;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The rate limiter's arithmetic: where a window starts, what the sliding window counts, Retry-After. */
class SlidingWindowUnitTest {

	static final Duration HOUR = Duration.ofHours(1);

	/** 2025-01-01T10:00:00Z, a whole number of hours (and of every shorter whole window) since the epoch. */
	static final Instant TEN = Instant.parse("2025-01-01T10:00:00Z");

	@Nested
	class Start {

		@Test
		void isTheSameForEveryInstantOfTheWindowSoEveryNodeCountsOnOneRow() {
			for (Duration offset : new Duration[] { Duration.ZERO, Duration.ofMillis(1), Duration.ofMinutes(30),
					HOUR.minusMillis(1) }) {
				SlidingWindow window = SlidingWindow.at(TEN.plus(offset), 10, HOUR);
				assertThat(window.start()).as(offset.toString()).isEqualTo(TEN);
				assertThat(window.previousStart()).isEqualTo(TEN.minus(HOUR));
			}
		}

		@Test
		void exactlyAtTheBoundaryANewWindowBeginsWithNothingOfItPassed() {
			SlidingWindow before = SlidingWindow.at(TEN.minusMillis(1), 10, HOUR);
			SlidingWindow at = SlidingWindow.at(TEN, 10, HOUR);

			assertThat(before.start()).isEqualTo(TEN.minus(HOUR));
			assertThat(before.elapsedFraction()).isCloseTo(1.0, within(1e-6)).isLessThan(1.0);
			assertThat(at.start()).isEqualTo(TEN);
			assertThat(at.elapsedFraction()).isZero();
		}

		@Test
		void aClockThatGoesBackLandsInTheWindowOfItsOwnTimeNeverAfterIt() {
			SlidingWindow later = SlidingWindow.at(TEN.plusSeconds(10), 10, HOUR);
			SlidingWindow back = SlidingWindow.at(TEN.minusSeconds(10), 10, HOUR);

			assertThat(later.start()).isEqualTo(TEN);
			assertThat(back.start()).isEqualTo(TEN.minus(HOUR));
			assertThat(back.elapsedFraction()).isBetween(0.0, 1.0);
			assertThat(back.retryAfterSeconds()).isEqualTo(10);
		}

		@Test
		void beforeTheEpochTheStartIsStillAtOrBeforeNow() {
			Instant old = Instant.parse("1969-12-31T23:30:00Z");

			SlidingWindow window = SlidingWindow.at(old, 10, HOUR);

			assertThat(window.start()).isEqualTo(Instant.parse("1969-12-31T23:00:00Z"));
			assertThat(window.elapsedFraction()).isCloseTo(0.5, within(1e-9));
		}

		@ParameterizedTest
		@ValueSource(longs = { -5000, 0, 1, 999 })
		void windowsShorterThanASecondAreASecond(long millis) {
			SlidingWindow window = SlidingWindow.at(TEN.plusMillis(250), 10, Duration.ofMillis(millis));

			assertThat(window.length()).isEqualTo(Duration.ofSeconds(1));
			assertThat(window.start()).isEqualTo(TEN);
		}
	}

	@Nested
	class Count {

		@Test
		void atTheStartTheWholePreviousWindowCountsAndItFadesOutLinearly() {
			assertThat(SlidingWindow.at(TEN, 10, HOUR).estimate(2, 8)).isEqualTo(10.0);
			assertThat(SlidingWindow.at(TEN.plus(Duration.ofMinutes(15)), 10, HOUR).estimate(2, 8)).isEqualTo(8.0);
			assertThat(SlidingWindow.at(TEN.plus(Duration.ofMinutes(30)), 10, HOUR).estimate(2, 8)).isEqualTo(6.0);
			assertThat(SlidingWindow.at(TEN.plus(HOUR).minusMillis(1), 10, HOUR).estimate(2, 8)).isCloseTo(2.0, within(1e-5));
		}

		@Test
		void aHitPastTheLimitIsRefusedAndTheLimitItselfPasses() {
			SlidingWindow window = SlidingWindow.at(TEN.plus(Duration.ofMinutes(30)), 10, HOUR);

			assertThat(window.refuses(6, 8)).as("6 + 4 = 10 hits, the limit").isFalse();
			assertThat(window.refuses(7, 8)).as("11 hits").isTrue();
			assertThat(window.reached(6, 8)).as("the next one would be past it").isTrue();
			assertThat(window.reached(5, 8)).isFalse();
		}

		@Test
		void withLimitOneTheFirstHitPassesAndTheSecondIsRefused() {
			SlidingWindow window = SlidingWindow.at(TEN.plusSeconds(1), 1, HOUR);

			assertThat(window.refuses(1, 0)).isFalse();
			assertThat(window.reached(1, 0)).isTrue();
			assertThat(window.refuses(2, 0)).isTrue();
			assertThat(window.reached(0, 0)).isFalse();
		}

		@Test
		void aHitInThePreviousWindowStillCountsJustAfterTheBoundary() {
			SlidingWindow window = SlidingWindow.at(TEN.plusMillis(1), 1, HOUR);

			assertThat(window.refuses(1, 1)).as("one just now, one a moment ago in the previous window").isTrue();
		}

		@Test
		void aClockThatGoesBackWithinTheWindowCountsMoreOfThePreviousNeverLess() {
			SlidingWindow now = SlidingWindow.at(TEN.plus(Duration.ofMinutes(40)), 10, HOUR);
			SlidingWindow back = SlidingWindow.at(TEN.plus(Duration.ofMinutes(20)), 10, HOUR);

			assertThat(back.estimate(3, 9)).isGreaterThan(now.estimate(3, 9));
		}
	}

	@Nested
	class RetryAfter {

		@Test
		void isWhatRemainsOfTheWindowInWholeSecondsRoundedUp() {
			assertThat(SlidingWindow.at(TEN, 10, HOUR).retryAfterSeconds()).isEqualTo(3600);
			assertThat(SlidingWindow.at(TEN.plus(Duration.ofMinutes(45)), 10, HOUR).retryAfterSeconds()).isEqualTo(900);
			assertThat(SlidingWindow.at(TEN.plus(Duration.ofMinutes(45)).plusMillis(1), 10, HOUR).retryAfterSeconds())
				.isEqualTo(900);
		}

		@Test
		void isAtLeastOneSecondEvenAtTheWindowsLastMillisecond() {
			assertThat(SlidingWindow.at(TEN.plus(HOUR).minusMillis(1), 10, HOUR).retryAfterSeconds()).isEqualTo(1);
		}

		@Test
		void countsTheFractionOfASecondOfAWindowThatHasOne() {
			SlidingWindow window = SlidingWindow.at(TEN, 10, Duration.ofMillis(1500));

			assertThat(window.retryAfterSeconds()).as("1.5 s remain").isEqualTo(2);
		}
	}

	@Nested
	class HugeWindows {

		@Test
		void aThousandYearsStillStartsAtOrBeforeNowAndWaitsNoLongerThanTheWindow() {
			Duration millennium = Duration.ofDays(365_250);

			SlidingWindow window = SlidingWindow.at(TEN, 10, millennium);

			assertThat(window.start()).isBeforeOrEqualTo(TEN);
			assertThat(window.start().plus(millennium)).isAfter(TEN);
			assertThat(window.elapsedFraction()).isBetween(0.0, 1.0);
			assertThat(window.retryAfterSeconds()).isPositive().isLessThanOrEqualTo(millennium.toSeconds());
			assertThat(window.estimate(1, 1)).isBetween(1.0, 2.0);
		}

		@Test
		void aWindowLongerThanMillisecondsCanHoldIsCappedRatherThanFailing() {
			SlidingWindow window = SlidingWindow.at(TEN, 10, Duration.ofSeconds(Long.MAX_VALUE));

			assertThat(window.length()).isEqualTo(SlidingWindow.LONGEST);
			assertThat(window.start()).isBeforeOrEqualTo(TEN);
			assertThat(window.previousStart()).isAfter(Instant.parse("1700-01-01T00:00:00Z"));
			assertThat(window.elapsedFraction()).isBetween(0.0, 1.0);
			assertThat(window.retryAfterSeconds()).isPositive();
		}
	}
}
