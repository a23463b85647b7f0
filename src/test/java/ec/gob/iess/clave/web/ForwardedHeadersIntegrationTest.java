package ec.gob.iess.clave.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import ec.gob.iess.clave.ClaveApplication;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.TestDatabase;
import ec.gob.iess.clave.support.TestCedulas;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without a configured proxy, forwarded headers are ignored, and forwarding cannot be on without one (SECURITY.md 8, 19). */
@ClaveIntegrationTest
class ForwardedHeadersIntegrationTest {

static HttpResponse<String> loginFrom(int port, String forwardedFor, String forwardedProto, String cedula)
		throws Exception {
	HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/login"))
		.header("Content-Type", "application/json")
		.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + cedula + "\",\"password\":\"cualquier clave larga\"}"));
	if (forwardedFor != null) {
		request.header("X-Forwarded-For", forwardedFor);
	}
	if (forwardedProto != null) {
		request.header("X-Forwarded-Proto", forwardedProto);
	}
	return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
}

static String auditedIp(JdbcClient jdbc, String cedula) {
	return jdbc.sql("select ip from audit_events where account = ? and type = 'LOGIN_FAILED'").param(cedula)
		.query((row, n) -> java.util.Optional.ofNullable(row.getString(1))).single().orElse(null);
}


	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aForgedForwardedForChangesNothing() throws Exception {
		String cedula = TestCedulas.next();

		loginFrom(port, "203.0.113.9", "https", cedula);

		assertThat(auditedIp(jdbc, cedula)).isIn("127.0.0.1", "0:0:0:0:0:0:0:1", "::1");
	}

	@Test
	void forwardedHeadersWithoutAnExplicitProxyListRefuseToStart() {
		for (String strategy : new String[] { "native", "framework" }) {
			SpringApplicationBuilder application = new SpringApplicationBuilder(ClaveApplication.class)
				.initializers(new TestDatabase())
				.properties("server.port=0", "clave.demo-data=false", "server.forward-headers-strategy=" + strategy);

			assertThatThrownBy(() -> application.run().close()).as(strategy)
				.hasStackTraceContaining("server.tomcat.remoteip.internal-proxies");
		}
	}

	@Test
	void plainHttpGetsNoHsts() throws Exception {
		HttpResponse<String> response = loginFrom(port, null, "https", TestCedulas.next());

		assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
	}
}
