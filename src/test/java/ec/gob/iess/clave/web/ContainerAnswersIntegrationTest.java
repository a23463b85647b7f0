package ec.gob.iess.clave.web;

import java.util.LinkedHashMap;
import java.util.Map;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.RawHttp;
import ec.gob.iess.clave.support.RawHttp.Answer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers that Tomcat gives itself, before or outside Spring's filters, carry the same security
 * headers as every page (SECURITY.md 19) and show no container page, version or trace.
 */
@ClaveIntegrationTest
class ContainerAnswersIntegrationTest {

	@LocalServerPort
	int port;

	String host() {
		return "Host: localhost:" + port;
	}

	/** Request head (without Connection) by name; each is refused or answered by the container. */
	Map<String, String> pageRequests() {
		Map<String, String> requests = new LinkedHashMap<>();
		requests.put("path parameter", "GET /ingresar;jsessionid=x HTTP/1.1\r\n" + host());
		requests.put("encoded dot segment", "GET /%2e%2e/ HTTP/1.1\r\n" + host());
		requests.put("dot segment", "GET /../ingresar HTTP/1.1\r\n" + host());
		requests.put("TRACE", "TRACE / HTTP/1.1\r\n" + host());
		requests.put("PROPFIND", "PROPFIND / HTTP/1.1\r\n" + host());
		requests.put("WEB-INF", "GET /WEB-INF/web.xml HTTP/1.1\r\n" + host());
		requests.put("META-INF", "GET /META-INF/MANIFEST.MF HTTP/1.1\r\n" + host());
		requests.put("invalid character in target", "GET /a|b HTTP/1.1\r\n" + host());
		requests.put("encoded slash", "GET /css%2Fclave.css HTTP/1.1\r\n" + host());
		requests.put("encoded NUL", "GET /%00 HTTP/1.1\r\n" + host());
		requests.put("encoded backslash", "GET /%5c HTTP/1.1\r\n" + host());
		requests.put("header too large", "GET / HTTP/1.1\r\n" + host() + "\r\nX-Relleno: " + "a".repeat(9000));
		requests.put("invalid Host", "GET / HTTP/1.1\r\nHost: a b");
		requests.put("no Host", "GET / HTTP/1.1");
		requests.put("invalid header name", "GET / HTTP/1.1\r\n" + host() + "\r\nMal Nombre: x");
		requests.put("invalid method", "G@T / HTTP/1.1\r\n" + host());
		requests.put("unknown HTTP version", "GET / HTTP/1.7\r\n" + host());
		requests.put("request line too long", "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\n" + host());
		return requests;
	}

	@Test
	void everyContainerAnswerToAPageRequestCarriesTheSecurityHeaders() {
		pageRequests().forEach((name, head) -> {
			Answer answer = RawHttp.send(port, head, null);

			assertThat(answer.status()).as(name).isBetween(400, 505);
			// no-referrer where Tomcat could not read the target (it might have been a link page's)
			hasSecurityHeaders(name, answer, "same-origin", "no-referrer");
			assertThat(answer.header("Content-Type").orElse("")).as(name).startsWith("text/html");
			assertThat(answer.body()).as(name).contains("lang=\"es\"");
			showsNoContainerDetails(name, answer);
		});
	}

	@Test
	void containerAnswersOnTheApiAreProblemsWithTheApiHeaders() {
		for (String head : new String[] { "GET /api/v1/me;jsessionid=x HTTP/1.1\r\n" + host(),
				"GET /api/v1/%2e%2e/ HTTP/1.1\r\n" + host(), "TRACE /api/v1/me HTTP/1.1\r\n" + host(),
				"PROPFIND /api/v1/me HTTP/1.1\r\n" + host() }) {
			Answer answer = RawHttp.send(port, head, null);

			assertThat(answer.status()).as(head).isBetween(400, 499);
			hasSecurityHeaders(head, answer, "no-referrer");
			assertThat(answer.header("Content-Type").orElse("")).as(head).startsWith("application/problem+json");
			assertThat(answer.body()).as(head).contains("\"code\":\"");
			showsNoContainerDetails(head, answer);
		}
	}

	@Test
	void aBrokenChunkedBodyOnTheApiIsAProblemWithTheApiHeaders() {
		Answer answer = RawHttp.raw(port, "POST /api/v1/login HTTP/1.1\r\n" + host() + "\r\nContent-Type: application/json"
				+ "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");

		assertThat(answer.status()).isEqualTo(400);
		hasSecurityHeaders("broken chunk", answer, "no-referrer");
		assertThat(answer.body()).contains("\"code\":\"INVALID_REQUEST\"");
	}

	@Test
	void aLinkPageRefusedByTheContainerKeepsNoReferrer() {
		Answer answer = RawHttp.send(port, "GET /recuperar/enlace;jsessionid=x?token=abc HTTP/1.1\r\n" + host(), null);

		hasSecurityHeaders("link page", answer, "no-referrer");
	}

	/**
	 * Tomcat answers {@code OPTIONS *} in its connector, before any valve, so it cannot carry the
	 * headers; it is harmless only as long as it stays what it is: no document, no body, no type.
	 * (Browsers cannot send it: fetch and forms always name a path.)
	 */
	@Test
	void theServerWideOptionsAnswerHasNothingToProtect() {
		Answer answer = RawHttp.send(port, "OPTIONS * HTTP/1.1\r\n" + host(), null);

		assertThat(answer.body()).isEmpty();
		assertThat(answer.header("Content-Type")).isEmpty();
		assertThat(answer.header("Content-Length")).hasValue("0");
	}

	static void hasSecurityHeaders(String name, Answer answer, String... referrerPolicy) {
		assertThat(answer.header("Content-Security-Policy").orElse("")).as(name)
			.contains("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'");
		assertThat(answer.header("X-Content-Type-Options")).as(name).hasValue("nosniff");
		assertThat(answer.header("X-Frame-Options")).as(name).hasValue("DENY");
		assertThat(answer.header("Referrer-Policy").orElse("")).as(name).isIn((Object[]) referrerPolicy);
		assertThat(answer.header("Cache-Control").orElse("")).as(name).contains("no-store");
	}

	static void showsNoContainerDetails(String name, Answer answer) {
		assertThat(answer.header("Server")).as(name).isEmpty();
		assertThat(answer.body()).as(name)
			.doesNotContain("Tomcat", "HTTP Status", "Apache", "Exception", "at org.", "at java.", "Whitelabel");
	}
}
