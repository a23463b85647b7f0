package ec.gob.iess.clave.credential;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.TestFixtures;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Excess login load is shed with 503 + Retry-After instead of queueing until memory runs out
 * (SECURITY.md 4). The gate is made tiny here (one hash at a time, nobody waits) to see it act.
 */
@ClaveIntegrationTest
@TestPropertySource(properties = { "clave.hashing.permits=1", "clave.hashing.max-queue=0", "clave.hashing.max-wait=PT0S" })
class HashingLoadIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void excessLoginsAreShedWith503AndRetryAfterNeverQueuedOrBroken() throws Exception {
		TestFixtures api = new TestFixtures(port);
		String cedula = api.activePerson(api.agent());
		ExecutorService pool = Executors.newFixedThreadPool(24);
		List<HttpResponse<String>> answers = new ArrayList<>();
		try {
			List<Callable<HttpResponse<String>>> logins = new ArrayList<>();
			for (int i = 0; i < 24; i++) {
				logins.add(() -> api.login(cedula, GOOD_CLAVE));
			}
			for (Future<HttpResponse<String>> answer : pool.invokeAll(logins)) {
				answers.add(answer.get());
			}
		}
		finally {
			pool.shutdown();
		}

		List<HttpResponse<String>> shed = answers.stream().filter(a -> a.statusCode() == 503).toList();
		assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isIn(200, 503));
		assertThat(shed).isNotEmpty();
		assertThat(answers.stream().filter(a -> a.statusCode() == 200)).isNotEmpty();
		for (HttpResponse<String> answer : shed) {
			assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(json(answer).get("code").asString()).isEqualTo("UNAVAILABLE");
		}
	}
}
