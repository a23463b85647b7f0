package ec.gob.iess.clave.mail;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryScheduleUnitTest {

	@Test
	void waitsOneTwoFourSecondsAndSoOnUpToFiveMinutes() {
		assertThat(RetrySchedule.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
		assertThat(RetrySchedule.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
		assertThat(RetrySchedule.delayAfter(3)).isEqualTo(Duration.ofSeconds(4));
		assertThat(RetrySchedule.delayAfter(9)).isEqualTo(Duration.ofSeconds(256));
		assertThat(RetrySchedule.delayAfter(10)).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void neverGivesUpAndNeverWaitsLongerThanTheCap() {
		assertThat(RetrySchedule.delayAfter(20)).isEqualTo(Duration.ofMinutes(5));
		assertThat(RetrySchedule.delayAfter(10_000)).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void aFailureIsDescribedWithoutAddressesOrNumbers() {
		var e = new org.springframework.mail.MailSendException("Failed messages",
				new RuntimeException("550 5.1.1 <rosa.quishpe@correo.ec>: Recipient address rejected, ref 1710034065"));

		String described = MailDispatcher.describe(e);

		assertThat(described).contains("MailSendException", "Recipient address rejected")
			.doesNotContain("rosa.quishpe", "1710034065");
		assertThat(MailDispatcher.masked("rosa.quishpe@correo.ec")).isEqualTo("r***@correo.ec");
	}
}
