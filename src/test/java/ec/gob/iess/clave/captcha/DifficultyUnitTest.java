package ec.gob.iess.clave.captcha;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Decision 67: the level of a source from its recent attempts, and what a level costs a person. */
class DifficultyUnitTest {

	static final Difficulty DEFAULTS = new Difficulty(Duration.ofSeconds(5), 2, 5);

	@Test
	void aSourceStaysAtLevelZeroForItsFreeAttempts() {
		for (long attempts = 0; attempts <= 5; attempts++) {
			assertThat(DEFAULTS.level(attempts)).as("%d attempts", attempts).isZero();
		}
	}

	@Test
	void eachAttemptBeyondRaisesTheLevelByOneUpToTheCap() {
		assertThat(DEFAULTS.level(6)).isEqualTo(1);
		assertThat(DEFAULTS.level(7)).isEqualTo(2);
		assertThat(DEFAULTS.level(8)).isEqualTo(2);
		assertThat(DEFAULTS.level(1_000_000)).isEqualTo(2);
	}

	@Test
	void theTicketsWaitDoublesPerLevelAndStopsAtTheCap() {
		assertThat(DEFAULTS.ticketWait(0)).isEqualTo(Duration.ofSeconds(5));
		assertThat(DEFAULTS.ticketWait(1)).isEqualTo(Duration.ofSeconds(10));
		assertThat(DEFAULTS.ticketWait(2)).isEqualTo(Duration.ofSeconds(20));
		assertThat(DEFAULTS.ticketWait(9)).isEqualTo(Duration.ofSeconds(20));
	}

	@Test
	void withoutFreeAttemptsTheFirstAttemptAlreadyCounts() {
		Difficulty strict = new Difficulty(Duration.ofSeconds(5), 4, 0);

		assertThat(strict.level(0)).isZero();
		assertThat(strict.level(1)).isEqualTo(1);
		assertThat(strict.level(4)).isEqualTo(4);
	}

	@Test
	void theSettingsRefuseAWaitThatTheTtlWouldCutShortAndAMaxnumberPastAnInt() {
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CaptchaSettings(100000, Duration.ofSeconds(30), null,
				Duration.ofSeconds(10), 2, 5)).isInstanceOf(IllegalArgumentException.class);
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CaptchaSettings(100000, Duration.ofMinutes(5), null,
				Duration.ofSeconds(5), 15, 5)).isInstanceOf(IllegalArgumentException.class);
		assertThat(new CaptchaSettings(100000, Duration.ofMinutes(5), null, Duration.ofSeconds(5), 2, 5).maxLevel()).isEqualTo(2);
	}
}
