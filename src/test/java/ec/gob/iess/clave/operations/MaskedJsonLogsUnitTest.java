package ec.gob.iess.clave.operations;

import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** A JSON log line (Spring Boot's ECS encoder, as the application configures it) masks cédulas and RUCs. */
class MaskedJsonLogsUnitTest {

	@Test
	void aCedulaInTheMessageAndTheStackTraceOfAJsonLineIsMaskedToItsLastThreeDigits() {
		LoggerContext context = new LoggerContext();
		context.setMDCAdapter(new LogbackMDCAdapter());
		context.putObject(Environment.class.getName(), new MockEnvironment().withProperty("spring.application.name", "clave")
			.withProperty("logging.structured.json.customizer", MaskedJsonLogs.class.getName()));
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext(context);
		encoder.setFormat("ecs");
		encoder.start();
		LoggingEvent event = new LoggingEvent(MaskedJsonLogsUnitTest.class.getName(), context.getLogger("clave.test"),
				Level.WARN, "Solicitud para {} y RUC 1790011674001", new IllegalStateException("cuenta 0912345675"),
				new Object[] { "1710034065" });

		String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

		assertThat(line).startsWith("{").contains("\"message\":\"Solicitud para *******065 y RUC *******001\"")
			.contains("cuenta *******675")
			.doesNotContain("1710034065", "1790011674001", "0912345675");
	}
}
