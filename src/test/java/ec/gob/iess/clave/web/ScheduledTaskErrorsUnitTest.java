package ec.gob.iess.clave.web;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ScheduledTaskErrorsUnitTest {

	@Test
	void aDatabaseThatCannotBeReachedIsOneWarningLineWithoutATrace(CapturedOutput output) {
		new ScheduledTaskErrors().handleError(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
				new SQLException("Connection to localhost:5432 refused", "08001")));

		assertThat(output.getAll()).contains("WARN").contains("the database cannot be reached")
			.doesNotContain("ERROR").doesNotContain("\tat ").doesNotContain("5432");
	}

	@Test
	void anyOtherFailureIsAnErrorWithItsTrace(CapturedOutput output) {
		new ScheduledTaskErrors().handleError(new IllegalStateException("a defect"));

		assertThat(output.getAll()).contains("ERROR").contains("Background task failed").contains("a defect")
			.contains("\tat ");
	}
}
