package ec.gob.iess.clave.operations;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ec.gob.iess.clave.support.CaptchaSolver;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MutableClock;
import ec.gob.iess.clave.support.TestFixtures;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management port (PRODUCT.md §6, API.md "Operations"): Prometheus counts what happened, by bounded labels
 * only; readiness follows the mail backlog while liveness does not; nothing else is exposed, and the public port
 * serves none of it.
 */
@ClaveIntegrationTest
class OperationsIntegrationTest {

	private static final Pattern LABEL_VALUE = Pattern.compile("=\"([^\"]*)\"");

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	@Test
	void prometheusCountsLoginsLockoutsHashesRateLimitsAndCaptchasWithoutPersonalData() {
		TestFixtures api = new TestFixtures(port);
		String agent = api.agent();
		String cedula = api.activePerson(agent);
		String newcomer = api.registerPerson(agent);
		String temporary = api.temporaryClave(agent, newcomer);
		String before = metrics();

		assertThat(api.login(cedula, GOOD_CLAVE).statusCode()).isEqualTo(200);
		assertThat(api.login(newcomer, temporary).statusCode()).isEqualTo(200);
		assertThat(api.login("1710034066", GOOD_CLAVE).statusCode()).as("not a valid cédula").isEqualTo(400);
		for (int i = 0; i < 5; i++) {
			assertThat(api.login(cedula, "una clave equivocada cualquiera").statusCode()).isEqualTo(401);
		}
		String staff = "operador-inexistente-" + System.nanoTime();
		for (int i = 0; i < 6; i++) {
			api.post("/api/v1/staff/login", "{\"username\":\"" + staff + "\",\"password\":\"no es la clave de nadie\"}", null);
		}
		assertThat(api.post("/api/v1/unlock", "{\"username\":\"" + cedula + "\",\"captcha\":" + TestFixtures.quote(
				CaptchaSolver.solve(api)) + "}", null).statusCode()).isEqualTo(202);
		String after = metrics();

		assertThat(delta(before, after, "clave_logins_total{outcome=\"success\"}")).isEqualTo(1);
		assertThat(delta(before, after, "clave_logins_total{outcome=\"temporary\"}")).isEqualTo(1);
		assertThat(delta(before, after, "clave_logins_total{outcome=\"failure\"}")).isEqualTo(5);
		assertThat(delta(before, after, "clave_logins_total{outcome=\"refused\"}")).isEqualTo(1);
		assertThat(delta(before, after, "clave_lockouts_total")).isEqualTo(1);
		assertThat(delta(before, after, "clave_rate_limited_total{kind=\"staff_login_failure\"}")).isEqualTo(1);
		assertThat(delta(before, after, "clave_captcha_solved_total{kind=\"proof_of_work\"}")).isEqualTo(1);
		assertThat(delta(before, after, "clave_hash_seconds_count")).isGreaterThanOrEqualTo(12);
		assertThat(after).contains("clave_hash_seconds_bucket{", "\nclave_hash_queue ", "\nclave_mail_backlog ",
				"\nclave_mail_oldest_seconds ", "clave_rate_limited_total{kind=\"login_account\"}");
		assertThat(after).doesNotContain(cedula, newcomer, "1710034066", staff, "127.0.0.1", "0:0:0:0:0:0:0:1");
		for (String line : after.lines().filter(line -> line.startsWith("clave_")).toList()) {
			Matcher labels = LABEL_VALUE.matcher(line);
			while (labels.find()) {
				assertThat(labels.group(1)).as(line).matches("[a-z_]+|[0-9.]+|\\+Inf");
			}
		}
	}

	@Test
	void readinessGoesDownWhenMailStopsLeavingWhileLivenessStaysUp() {
		assertThat(management("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(management("/actuator/health/liveness").statusCode()).isEqualTo(200);
		String recipient = "atascado-" + System.nanoTime() + "@correo.ec";
		// A message an hour old, not due again for an hour: what a stuck mail server leaves behind.
		jdbc.sql("""
				insert into mail_outbox (kind, recipient, subject, text_body, html_body, created_at, attempts, next_attempt_at)
				values ('ACCOUNT_UNLOCKED', ?, 'asunto', 'texto', 'html', ?, 3, ?)""")
			.params(recipient, Timestamp.from(clock.instant().minus(Duration.ofHours(1))),
					Timestamp.from(clock.instant().plus(Duration.ofHours(1))))
			.update();
		try {
			HttpResponse<String> readiness = management("/actuator/health/readiness");
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(readiness.body()).contains("\"DOWN\"").doesNotContain(recipient);
			assertThat(management("/actuator/health/liveness").statusCode()).isEqualTo(200);
			assertThat(value(metrics(), "clave_mail_oldest_seconds")).isGreaterThanOrEqualTo(3600);
		}
		finally {
			jdbc.sql("delete from mail_outbox where recipient = ?").param(recipient).update();
		}
		assertThat(management("/actuator/health/readiness").statusCode()).isEqualTo(200);
	}

	@Test
	void onlyHealthAndPrometheusAreExposedAndOnlyOnTheManagementPort() {
		for (String endpoint : List.of("env", "configprops", "beans", "heapdump", "threaddump", "loggers", "mappings",
				"metrics", "sessions", "shutdown", "info", "scheduledtasks", "conditions")) {
			assertThat(management("/actuator/" + endpoint).statusCode()).as(endpoint).isEqualTo(404);
		}
		TestFixtures api = new TestFixtures(port);
		for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/prometheus",
				"/actuator/env")) {
			HttpResponse<String> page = api.get(path, null);
			assertThat(page.statusCode()).as(path).isEqualTo(404);
			assertThat(page.body()).as(path).contains("Página no encontrada").doesNotContain("clave_", "UP");
		}
	}

	private String metrics() {
		HttpResponse<String> response = management("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private HttpResponse<String> management(String path) {
		return new TestFixtures(managementPort).get(path, null);
	}

	private static long delta(String before, String after, String series) {
		return Math.round(value(after, series) - value(before, series));
	}

	private static double value(String metrics, String series) {
		return metrics.lines()
			.filter(line -> line.startsWith(series + " "))
			.mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]))
			.findFirst()
			.orElseThrow(() -> new AssertionError(series + " not in /actuator/prometheus"));
	}
}
