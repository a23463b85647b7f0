package ec.gob.iess.clave.ratelimit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static ec.gob.iess.clave.support.TestFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login throttling per account and per source (SECURITY.md 8), with small limits. Each test uses
 * its own source address through a trusted proxy, so the tests do not share counters.
 */
@ClaveIntegrationTest
@TestPropertySource(properties = { "clave.rate-limit.login-account.limit=4", "clave.rate-limit.login-source.limit=6",
		"server.forward-headers-strategy=native", "server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1|0:0:0:0:0:0:0:1" })
class LoginRateLimitIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	HttpResponse<String> login(String source, String cedula) throws Exception {
		return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/login"))
			.header("Content-Type", "application/json")
			.header("X-Forwarded-For", source)
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + cedula + "\",\"password\":\"una clave cualquiera\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void oneSourceIsThrottledAfterItsLimitWith429AndRetryAfter() throws Exception {
		for (int i = 0; i < 6; i++) {
			assertThat(login("198.51.100.1", TestCedulas.next()).statusCode()).isEqualTo(401);
		}

		HttpResponse<String> refused = login("198.51.100.1", TestCedulas.next());

		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(json(refused).get("code").asString()).isEqualTo("RATE_LIMITED");
		assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isPositive();
		assertThat(login("198.51.100.2", TestCedulas.next()).statusCode()).as("another source").isEqualTo(401);
		assertThat(jdbc.sql("select count(*) from audit_events where type = 'RATE_LIMITED' and ip = '198.51.100.1'")
			.query(Integer.class).single()).isPositive();
	}

	@Test
	void oneAccountIsThrottledFromEverySource() throws Exception {
		String cedula = TestCedulas.next();
		for (int i = 0; i < 4; i++) {
			assertThat(login("198.51.100.1" + i, cedula).statusCode()).isEqualTo(401);
		}

		HttpResponse<String> refused = login("198.51.100.20", cedula);

		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(jdbc.sql("select count(*) from audit_events where type = 'RATE_LIMITED' and account = ?").param(cedula)
			.query(Integer.class).single()).isEqualTo(1);
	}

	@Test
	void aForgedForwardedForFromAnUntrustedAddressResetsNothing() throws Exception {
		// The trusted proxy (127.0.0.1) says the client is 198.51.100.30; a forged left-most hop changes nothing.
		for (int i = 0; i < 6; i++) {
			login("10.0.0." + i + ", 198.51.100.30", TestCedulas.next());
		}

		assertThat(login("10.0.0.99, 198.51.100.30", TestCedulas.next()).statusCode()).isEqualTo(429);
	}

	@Test
	void theLoginPageSaysSoInSpanish() throws Exception {
		for (int i = 0; i < 6; i++) {
			login("198.51.100.40", TestCedulas.next());
		}
		TestFixtures api = new TestFixtures(port);

		HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/login"))
			.header("Content-Type", "application/json").header("X-Forwarded-For", "198.51.100.40")
			.POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

		assertThat(json(page).get("detail").asString()).isEqualTo("Ha realizado demasiados intentos. Espere e intente de nuevo.");
	}
}
