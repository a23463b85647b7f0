package ec.gob.iess.clave.web;

import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.refusal.Refusal;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/** Builds problem+json answers, in Spanish: API clients show {@code detail} to people. */
@Component
public class Problems {

	public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

	/** The language of every {@code detail}, whatever the client's Accept-Language. */
	static final String LANGUAGE = "es";

	private final MessageSource messages;
	private final JsonMapper json;

	Problems(MessageSource messages, JsonMapper json) {
		this.messages = messages;
		this.json = json;
	}

	public Problem problem(RefusalCode code, List<String> reasons) {
		return problem(code, reasons, null);
	}

	private Problem problem(RefusalCode code, List<String> reasons, String detailKey) {
		Locale es = Locale.forLanguageTag(LANGUAGE);
		String detail = detailKey != null ? detailKey : "problem." + code.name();
		return new Problem("urn:iess:clave:problem:" + code.name().toLowerCase(Locale.ROOT).replace('_', '-'),
				messages.getMessage("problem." + code.name() + ".title", null, code.name(), es), RefusalStatus.of(code).value(),
				messages.getMessage(detail, null, code.name(), es), code.name(), reasons);
	}

	public ResponseEntity<Problem> entity(Refusal e) {
		ResponseEntity.BodyBuilder builder = ResponseEntity.status(RefusalStatus.of(e.code())).contentType(PROBLEM_JSON)
			.header(HttpHeaders.CONTENT_LANGUAGE, LANGUAGE);
		if (e.retryAfterSeconds() != null) {
			builder.header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
		}
		return builder.body(problem(e.code(), e.reasons(), e.detailKey()));
	}

	public ResponseEntity<Problem> entity(RefusalCode code) {
		return entity(new Refusal(code));
	}

	/** For filters and security handlers, which answer before any controller runs. */
	public void write(HttpServletResponse response, RefusalCode code, Long retryAfterSeconds) throws IOException {
		response.setStatus(RefusalStatus.of(code).value());
		response.setContentType(PROBLEM_JSON.toString());
		response.setCharacterEncoding("UTF-8");
		response.setHeader(HttpHeaders.CONTENT_LANGUAGE, LANGUAGE);
		if (retryAfterSeconds != null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		}
		response.getOutputStream().write(body(code));
	}

	/** The problem+json body of {@code code} alone, for answers whose status is already set. */
	byte[] body(RefusalCode code) {
		return json.writeValueAsBytes(problem(code, List.of()));
	}
}
