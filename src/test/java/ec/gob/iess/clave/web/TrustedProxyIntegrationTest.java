package ec.gob.iess.clave.web;

import java.net.http.HttpResponse;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
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

	@Test
	void tlsAtTheProxyBringsHsts() throws Exception {
		HttpResponse<String> response = ForwardedHeadersIntegrationTest.loginFrom(port, "203.0.113.9", "https", TestCedulas.next());

		assertThat(response.headers().firstValue("Strict-Transport-Security").orElse("")).contains("max-age=");
	}
}
