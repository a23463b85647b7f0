package ec.gob.iess.clave.web;

import java.net.http.HttpResponse;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.RawHttp;
import ec.gob.iess.clave.support.RawHttp.Answer;
import ec.gob.iess.clave.support.TestCedulas;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Behind a configured proxy, the client address and TLS come from its forwarded headers (SECURITY.md 8, 19). */
@ClaveIntegrationTest
@TestPropertySource(properties = { "server.forward-headers-strategy=native",
		"server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1|0:0:0:0:0:0:0:1" })
class TrustedProxyIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void theClientAddressComesFromTheProxy() throws Exception {
		String cedula = TestCedulas.next();

		ForwardedHeadersIntegrationTest.loginFrom(port, "203.0.113.9", null, cedula);

		assertThat(ForwardedHeadersIntegrationTest.auditedIp(jdbc, cedula)).isEqualTo("203.0.113.9");
	}

	/** Here Tomcat takes the host from {@code X-Forwarded-Host}, which the proxy may pass on from anyone. */
	@Test
	void aForwardedHostChangesNoRedirectAndNoAcceptedOrigin() {
		String forwarded = "Host: localhost:" + port + "\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https";

		Answer redirect = RawHttp.send(port, "GET /servicios HTTP/1.1\r\n" + forwarded, null);
		Answer post = HostHeaderIntegrationTest.post(port, "/ingresar", HostHeaderIntegrationTest.session(port, forwarded),
				"username=" + TestCedulas.next() + "&clave=x", forwarded, "https://evil.example");

		assertThat(redirect.header("Location")).hasValue("/ingresar");
		assertThat(post.status()).isEqualTo(403);
	}

	@Test
	void tlsAtTheProxyBringsHsts() throws Exception {
		HttpResponse<String> response = ForwardedHeadersIntegrationTest.loginFrom(port, "203.0.113.9", "https", TestCedulas.next());

		assertThat(response.headers().firstValue("Strict-Transport-Security").orElse("")).contains("max-age=");
	}
}
