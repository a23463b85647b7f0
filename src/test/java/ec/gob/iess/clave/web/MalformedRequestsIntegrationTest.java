package ec.gob.iess.clave.web;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.RawHttp;
import ec.gob.iess.clave.support.RawHttp.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input that Tomcat cannot parse (a multipart type without boundary, a broken percent-escape, too
 * many parameters) is a 400 with a code, never a 5xx, and its values never reach the log
 * (SECURITY.md 20, 21). Sent over a raw socket: HTTP clients refuse to send such requests.
 */
@ClaveIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class MalformedRequestsIntegrationTest {

	/** Stands for a real link token: it must never be logged, whatever its request looked like. */
	static final String SECRET = "Zq9secretoDelEnlace7Kx";

	static final String LOGIN_JSON = "{\"username\":\"1710034065\",\"password\":\"una clave cualquiera larga\"}";

	@LocalServerPort
	int port;

	Answer post(String target, String contentType, String body) {
		return RawHttp.send(port, "POST " + target + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nContent-Type: " + contentType,
				body);
	}

	static void isProblem(Answer answer) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(400);
		assertThat(answer.header("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(answer.body()).contains("\"code\":\"INVALID_REQUEST\"");
	}

	static void isSpanishPage(Answer answer, int status) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		assertThat(answer.header("Content-Type").orElse("")).startsWith("text/html");
		assertThat(answer.body()).contains("lang=\"es\"").doesNotContain("Exception", "at org.", "Tomcat", "HTTP Status");
	}

	@Test
	void aMultipartBodyWithoutBoundaryIsABadRequestOnTheApi() {
		for (String path : List.of("/api/v1/login", "/api/v1/password/recovery", "/api/v1/unlock")) {
			isProblem(post(path, "multipart/form-data", LOGIN_JSON));
		}
	}

	/**
	 * Only the counter's fingerprint form takes multipart (decision 88): anywhere else a multipart body is
	 * refused before anything parses it, well formed or not.
	 */
	@Test
	void aMultipartBodyIsABadRequestOnEveryOtherPage() {
		for (String path : List.of("/ingresar", "/recuperar", "/desbloqueo", "/centro/ingresar", "/centro/buscar",
				"/centro/personas/1710034065/suspender")) {
			isSpanishPage(post(path, "multipart/form-data", "username=1710034065"), 400);
			isSpanishPage(post(path, "multipart/form-data; boundary=" + BOUNDARY, part("username", "1710034065") + END), 400);
		}
		isProblem(post("/api/v1/login", "multipart/form-data; boundary=" + BOUNDARY, part("username", "1710034065") + END));
	}

	/** On the upload form a body that cannot be parsed is 400 before any other filter, signed in or not. */
	@Test
	void aMalformedMultipartBodyOnTheUploadFormIsABadRequest(CapturedOutput output) {
		String upload = "/centro/personas/1710034065/verificacion";
		String file = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"fingerprint\"; filename=\"huella.png\"\r\n"
				+ "Content-Type: image/png\r\n\r\n";

		isSpanishPage(post(upload, "multipart/form-data", part("_csrf", SECRET) + END), 400);
		isSpanishPage(post(upload, "multipart/form-data; boundary=" + BOUNDARY, part("_csrf", SECRET) + file + "abc"), 400);
		isSpanishPage(post(upload, "multipart/form-data; boundary=" + BOUNDARY,
				part("_csrf", SECRET) + file + "a".repeat(1200 * 1024) + "\r\n" + END), 400);
		isSpanishPage(post(upload, "multipart/form-data; boundary=" + BOUNDARY,
				part("_csrf", SECRET) + part("relleno", "a".repeat(2100 * 1024)) + END), 400);
		isSpanishPage(post(upload, "multipart/form-data; boundary=" + BOUNDARY, part("_csrf", SECRET)
				+ IntStream.range(0, 60).mapToObj(i -> part("a" + i, "1")).collect(Collectors.joining()) + END), 400);

		assertThat(output.getAll()).doesNotContain(SECRET, "FileUpload", "SizeLimitExceeded");
	}

	/** A well-formed upload without the form's CSRF token is refused like any other form post. */
	@Test
	void aWellFormedUploadWithoutItsCsrfTokenIsRefused() {
		isSpanishPage(post("/centro/personas/1710034065/verificacion", "multipart/form-data; boundary=" + BOUNDARY,
				part("email", "a@example.ec") + END), 403);
	}

	static final String BOUNDARY = "----limite7Kx";
	static final String END = "--" + BOUNDARY + "--\r\n";

	static String part(String name, String value) {
		return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
	}

	@Test
	void aBrokenPercentEscapeInTheQueryIsABadRequestAndItsValueIsNotLogged(CapturedOutput output) {
		isSpanishPage(RawHttp.get(port, "/ingresar?a=%zz"), 400);
		isSpanishPage(RawHttp.get(port, "/recuperar/enlace?token=" + SECRET + "%zz"), 400);
		isSpanishPage(RawHttp.get(port, "/desbloqueo/enlace?token=" + SECRET + "%"), 400);
		isProblem(post("/api/v1/login?x=%", "application/json", LOGIN_JSON));
		isProblem(post("/api/v1/login?token=" + SECRET + "%zz", "application/json", LOGIN_JSON));
		isProblem(RawHttp.get(port, "/api/v1/captcha?token=" + SECRET + "%zz"));

		assertThat(output.getAll()).doesNotContain(SECRET, "%zz", "InvalidParameterException");
	}

	@Test
	void aBrokenPercentEscapeInAFormBodyIsABadRequest(CapturedOutput output) {
		isSpanishPage(post("/recuperar/enlace", "application/x-www-form-urlencoded", "token=" + SECRET + "%zz"), 400);

		assertThat(output.getAll()).doesNotContain(SECRET);
	}

	/** A form body where no call takes one (PUT, DELETE): nothing parses it, so its escapes cannot break anything. */
	@Test
	void aFormBodyWithABrokenEscapeOnAPutOrDeleteIsRefusedWithoutAServerError(CapturedOutput output) {
		for (String method : List.of("PUT", "DELETE", "PATCH")) {
			Answer answer = RawHttp.send(port, method + " /api/v1/staff/persons/1710034065 HTTP/1.1\r\nHost: localhost:" + port
					+ "\r\nContent-Type: application/x-www-form-urlencoded", "token=" + SECRET + "%zz");

			assertThat(answer.status()).as(method + " " + answer.body()).isBetween(400, 499);
			assertThat(answer.header("Content-Type").orElse("")).as(method).startsWith("application/problem+json");
		}
		assertThat(output.getAll()).doesNotContain(SECRET, "Could not decode HTTP form payload");
	}

	@Test
	void aFormPastItsSizeIsABadRequest(CapturedOutput output) {
		String form = "token=" + SECRET + "&relleno=" + "a".repeat(70 * 1024);

		isSpanishPage(post("/recuperar/enlace", "application/x-www-form-urlencoded", form), 400);

		assertThat(output.getAll()).doesNotContain(SECRET);
	}

	@Test
	void moreThanAThousandParametersAreABadRequest(CapturedOutput output) {
		// One name repeated keeps the request line within Tomcat's 8 KiB header limit.
		String query = "token=" + SECRET + "&" + IntStream.range(0, 1100).mapToObj(i -> "a=1").collect(Collectors.joining("&"));

		isSpanishPage(RawHttp.get(port, "/ingresar?" + query), 400);
		isProblem(post("/api/v1/login?" + query, "application/json", LOGIN_JSON));

		assertThat(output.getAll()).doesNotContain(SECRET);
	}

	@Test
	void theErrorPageOpenedDirectlyIsNotAServerError() {
		isSpanishPage(RawHttp.get(port, "/error"), 404);
	}
}
