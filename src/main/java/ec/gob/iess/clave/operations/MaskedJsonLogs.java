package ec.gob.iess.clave.operations;

import java.util.regex.Pattern;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Masks the JSON log lines ({@code logging.structured.format.console=ecs}) as {@code logging.pattern.console}
 * masks the plain ones: every 10–13 digit number (a cédula, a RUC) keeps only its last three digits. Applied to
 * every string of the line — the message, the stack trace, the MDC — since a number may hide in any of them.
 * Named by {@code logging.structured.json.customizer}; Logback makes it before Spring, so no bean.
 */
public class MaskedJsonLogs implements StructuredLoggingJsonMembersCustomizer<Object> {

	/** The same expression as the patterns in application.yaml. */
	private static final Pattern LONG_NUMBER = Pattern.compile("\\b\\d{7,10}(\\d{3})\\b");

	@Override
	public void customize(JsonWriter.Members<Object> members) {
		members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, MaskedJsonLogs::mask));
	}

	static String mask(String value) {
		return value == null ? null : LONG_NUMBER.matcher(value).replaceAll("*******$1");
	}
}
