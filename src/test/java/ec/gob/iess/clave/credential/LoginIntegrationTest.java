package ec.gob.iess.clave.credential;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MutableClock;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Ingresar through {@code POST /api/v1/login}: SECURITY.md 4–7 against the running application. */
@ClaveIntegrationTest
class LoginIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	TestFixtures api;
	String agent;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		agent = api.agent();
	}

	@AfterEach
	void resetClock() {
		clock.reset();
	}

	@Test
	void logsInWithTheRightClaveAndReachesMe() {
		String cedula = api.activePerson(agent);

		HttpResponse<String> response = api.login(cedula, GOOD_CLAVE);

		assertThat(response.statusCode()).isEqualTo(200);
		var body = json(response);
		assertThat(body.get("tokenType").asString()).isEqualTo("Bearer");
		assertThat(body.get("expiresIn").asInt()).isEqualTo(900);
		assertThat(body.get("passwordChangeRequired").asBoolean()).isFalse();
		assertThat(body.get("roles").toString()).contains("AFILIADO");
		String token = body.get("accessToken").asString();
		assertThat(token).hasSizeGreaterThanOrEqualTo(22);
		var me = json(api.get("/api/v1/me", token));
		assertThat(me.get("username").asString()).isEqualTo(cedula);
		assertThat(me.get("kind").asString()).isEqualTo("ASEGURADO");
		assertThat(me.get("credentialStatus").asString()).isEqualTo("ACTIVA");
		assertThat(me.get("names").asString()).isEqualTo("Rosa Elena Quishpe Tipán");
	}

	@Test
	void everyKindOfFailureGetsTheSameAnswerByteForByte() {
		String wrongClave = api.activePerson(agent);
		String locked = api.activePerson(agent);
		for (int i = 0; i < 5; i++) {
			api.login(locked, "una clave equivocada cualquiera");
		}
		String suspended = api.activePerson(agent);
		api.post("/api/v1/staff/persons/" + suspended + "/suspend", "{\"reason\":\"sospecha de fraude\"}", agent);
		String withoutClave = api.registerPerson(agent);
		String unknown = TestCedulas.next();

		List<HttpResponse<String>> answers = List.of(api.login(wrongClave, "una clave equivocada cualquiera"),
				api.login(locked, GOOD_CLAVE), api.login(suspended, GOOD_CLAVE), api.login(withoutClave, GOOD_CLAVE),
				api.login(unknown, GOOD_CLAVE));

		HttpResponse<String> first = answers.get(0);
		assertThat(first.statusCode()).isEqualTo(401);
		assertThat(json(first).get("code").asString()).isEqualTo("INVALID_CREDENTIALS");
		assertThat(first.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		for (HttpResponse<String> answer : answers) {
			assertThat(answer.statusCode()).isEqualTo(first.statusCode());
			assertThat(answer.body()).isEqualTo(first.body());
			assertThat(headersWithoutDate(answer)).isEqualTo(headersWithoutDate(first));
		}
	}

	@Test
	void locksAccountAfterFiveConsecutiveFailuresAndRefusesTheRightClave() {
		String cedula = api.activePerson(agent);
		for (int i = 0; i < 4; i++) {
			assertThat(api.login(cedula, "una clave equivocada cualquiera").statusCode()).isEqualTo(401);
		}
		assertThat(api.status(agent, cedula)).isEqualTo("ACTIVA");

		api.login(cedula, "una clave equivocada cualquiera");

		assertThat(api.status(agent, cedula)).isEqualTo("BLOQUEADA");
		HttpResponse<String> rightClave = api.login(cedula, GOOD_CLAVE);
		assertThat(rightClave.statusCode()).isEqualTo(401);
		assertThat(json(rightClave).get("code").asString()).isEqualTo("INVALID_CREDENTIALS");
		assertThat(jdbc.sql("select count(*) from audit_events where account = ? and type = 'ACCOUNT_LOCKED'")
			.param(cedula).query(Integer.class).single()).isEqualTo(1);
	}

	@Test
	void aSuccessResetsTheCountSoFourFailuresTwiceDoNotLock() {
		String cedula = api.activePerson(agent);
		for (int i = 0; i < 4; i++) {
			api.login(cedula, "una clave equivocada cualquiera");
		}
		assertThat(api.login(cedula, GOOD_CLAVE).statusCode()).isEqualTo(200);
		for (int i = 0; i < 4; i++) {
			api.login(cedula, "una clave equivocada cualquiera");
		}

		assertThat(api.status(agent, cedula)).isEqualTo("ACTIVA");
		assertThat(api.login(cedula, GOOD_CLAVE).statusCode()).isEqualTo(200);
	}

	/**
	 * A success commits with its audit event (decision 157): when the event cannot be written (here a constraint
	 * refuses it, as a full disk or a lost connection would), the login fails and the reset of the failures it
	 * would have made is rolled back with it.
	 */
	@Test
	void aSuccessWhoseAuditEventCannotBeWrittenChangesNothing() {
		String cedula = api.activePerson(agent);
		for (int i = 0; i < 3; i++) {
			api.login(cedula, "una clave equivocada cualquiera");
		}
		jdbc.sql("alter table audit_events add constraint test_refuses_this_success check (not (type = 'LOGIN_SUCCEEDED' and account = '"
				+ cedula + "'))").update();
		HttpResponse<String> refused;
		try {
			refused = api.login(cedula, GOOD_CLAVE);
		}
		finally {
			jdbc.sql("alter table audit_events drop constraint test_refuses_this_success").update();
		}

		assertThat(refused.statusCode()).isNotEqualTo(200);
		assertThat(refused.body()).doesNotContain("accessToken");
		assertThat(failedAttempts(cedula)).isEqualTo(3);
		assertThat(api.login(cedula, GOOD_CLAVE).statusCode()).isEqualTo(200);
		assertThat(failedAttempts(cedula)).isZero();
		assertThat(jdbc.sql("select count(*) from audit_events where account = ? and type = 'LOGIN_SUCCEEDED'")
			.param(cedula).query(Integer.class).single()).isEqualTo(1);
	}

	private int failedAttempts(String cedula) {
		return jdbc.sql("select failed_attempts from accounts where username = ?").param(cedula).query(Integer.class).single();
	}

	@Test
	void fiftyParallelWrongAttemptsLockExactlyOnceAndCountNoMoreThanHappened() throws Exception {
		String cedula = api.activePerson(agent);
		ExecutorService pool = Executors.newFixedThreadPool(50);
		int refused = 0;
		int shed = 0;
		try {
			List<Callable<Integer>> attempts = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				attempts.add(() -> api.login(cedula, "una clave equivocada cualquiera").statusCode());
			}
			for (Future<Integer> status : pool.invokeAll(attempts)) {
				// 503 is the hashing gate shedding load before any work: not an attempt, nothing counted.
				assertThat(status.get()).isIn(401, 503);
				if (status.get() == 401) {
					refused++;
				}
				else {
					shed++;
				}
			}
		}
		finally {
			pool.shutdown();
		}

		assertThat(refused).isGreaterThanOrEqualTo(5);
		assertThat(refused + shed).isEqualTo(50);
		assertThat(api.status(agent, cedula)).isEqualTo("BLOQUEADA");
		assertThat(jdbc.sql("select failed_attempts from accounts where username = ?").param(cedula)
			.query(Integer.class).single()).isEqualTo(5);
		assertThat(jdbc.sql("select count(*) from audit_events where account = ? and type = 'ACCOUNT_LOCKED'")
			.param(cedula).query(Integer.class).single()).isEqualTo(1);
		assertThat(jdbc.sql("select count(*) from audit_events where account = ? and type = 'LOGIN_FAILED'")
			.param(cedula).query(Integer.class).single()).isEqualTo(refused);
	}

	@Test
	void unknownAndKnownCedulasTakeTheSameTime() {
		String known = api.activePerson(agent);
		List<Long> knownTimes = new ArrayList<>();
		List<Long> unknownTimes = new ArrayList<>();
		for (int i = 0; i < 120; i++) {
			// Interleaved, so drift in machine load hits both alike; a success between keeps `known` unlocked.
			unknownTimes.add(timed(() -> api.login(TestCedulas.next(), "una clave equivocada cualquiera")));
			knownTimes.add(timed(() -> api.login(known, "una clave equivocada cualquiera")));
			if (i % 3 == 2) {
				api.login(known, GOOD_CLAVE);
			}
		}
		long knownMedian = median(knownTimes.subList(20, knownTimes.size()));
		long unknownMedian = median(unknownTimes.subList(20, unknownTimes.size()));
		long tolerance = Math.max(Duration.ofMillis(4).toNanos(), knownMedian / 6);

		assertThat(Math.abs(knownMedian - unknownMedian))
			.as("median known %d µs vs unknown %d µs", knownMedian / 1000, unknownMedian / 1000)
			.isLessThan(tolerance);
		// The dummy hash is really computed: an unknown cédula costs about as much as an Argon2id hash.
		assertThat(unknownMedian).isGreaterThan(Duration.ofMillis(5).toNanos());
	}

	@Test
	void aLogoutEndsTheToken() {
		String cedula = api.activePerson(agent);
		String token = json(api.login(cedula, GOOD_CLAVE)).get("accessToken").asString();

		assertThat(api.post("/api/v1/logout", null, token).statusCode()).isEqualTo(204);

		HttpResponse<String> after = api.get("/api/v1/me", token);
		assertThat(after.statusCode()).isEqualTo(401);
		assertThat(json(after).get("code").asString()).isEqualTo("UNAUTHENTICATED");
	}

	@Nested
	class Tokens {

		@Test
		void expireAfterFifteenIdleMinutes() {
			String cedula = api.activePerson(agent);
			String token = json(api.login(cedula, GOOD_CLAVE)).get("accessToken").asString();
			clock.advance(Duration.ofMinutes(14));
			assertThat(api.get("/api/v1/me", token).statusCode()).isEqualTo(200);

			clock.advance(Duration.ofMinutes(15).plusSeconds(1));

			assertThat(api.get("/api/v1/me", token).statusCode()).isEqualTo(401);
		}

		@Test
		void expireAfterEightHoursHoweverBusy() {
			String cedula = api.activePerson(agent);
			String token = json(api.login(cedula, GOOD_CLAVE)).get("accessToken").asString();
			for (int i = 0; i < 47; i++) {
				clock.advance(Duration.ofMinutes(10));
				assertThat(api.get("/api/v1/me", token).statusCode()).isEqualTo(200);
			}

			clock.advance(Duration.ofMinutes(10).plusSeconds(1));

			assertThat(api.get("/api/v1/me", token).statusCode()).isEqualTo(401);
		}

		@Test
		void areStoredOnlyAsHashes() {
			String cedula = api.activePerson(agent);
			String token = json(api.login(cedula, GOOD_CLAVE)).get("accessToken").asString();

			List<String> stored = jdbc.sql("select token_hash from access_tokens where username = ?").param(cedula)
				.query(String.class).list();

			assertThat(stored).isNotEmpty().doesNotContain(token).allSatisfy(hash -> assertThat(hash).hasSize(64));
		}
	}

	@Nested
	class TemporaryClave {

		@Test
		void reachesOnlyMeLogoutAndPasswordChange() {
			String cedula = api.registerPerson(agent);
			String temporary = api.temporaryClave(agent, cedula);

			var body = json(api.login(cedula, temporary));

			assertThat(body.get("passwordChangeRequired").asBoolean()).isTrue();
			String token = body.get("accessToken").asString();
			assertThat(api.get("/api/v1/me", token).statusCode()).isEqualTo(200);
			HttpResponse<String> elsewhere = api.get("/api/v1/staff/audit", token);
			assertThat(elsewhere.statusCode()).isEqualTo(403);
			assertThat(json(elsewhere).get("code").asString()).isEqualTo("PASSWORD_CHANGE_REQUIRED");
			assertThat(api.post("/api/v1/logout", null, token).statusCode()).isEqualTo(204);
		}

		@Test
		void isRefusedAfterSeventyTwoHours() {
			String cedula = api.registerPerson(agent);
			String temporary = api.temporaryClave(agent, cedula);

			clock.advance(Duration.ofHours(72).plusSeconds(1));

			assertThat(api.login(cedula, temporary).statusCode()).isEqualTo(401);
		}
	}

	@Nested
	class Hashes {

		@Test
		void areArgon2idWithTheirParametersAndDifferForTheSameClave() {
			String first = api.activePerson(agent);
			String second = api.activePerson(agent);

			String a = hashOf(first);
			String b = hashOf(second);

			assertThat(a).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
			assertThat(b).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
			assertThat(a).isNotEqualTo(b);
		}

		@Test
		void areRaisedAtTheNextSuccessfulLogin() {
			String cedula = api.activePerson(agent);
			String weaker = new PasswordHasher(new HashingSettings(8192, 1, 1)).hash(GOOD_CLAVE);
			jdbc.sql("update accounts set password_hash = ? where username = ?").params(weaker, cedula).update();

			assertThat(api.login(cedula, GOOD_CLAVE).statusCode()).isEqualTo(200);

			assertThat(hashOf(cedula)).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(weaker);
			assertThat(api.login(cedula, GOOD_CLAVE).statusCode()).isEqualTo(200);
		}

		private String hashOf(String cedula) {
			return jdbc.sql("select password_hash from accounts where username = ?").param(cedula).query(String.class)
				.single();
		}
	}

	@Test
	void aMalformedCedulaIsNamedAsSuch() {
		HttpResponse<String> response = api.login("1714307104", GOOD_CLAVE);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).get("code").asString()).isEqualTo("INVALID_CEDULA");
		assertThat(json(response).get("detail").asString()).isEqualTo("El número de cédula no es válido.");
	}

	static Map<String, List<String>> headersWithoutDate(HttpResponse<String> response) {
		Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
		headers.remove("date");
		return headers;
	}

	static long timed(Runnable action) {
		long start = System.nanoTime();
		action.run();
		return System.nanoTime() - start;
	}

	static long median(List<Long> values) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}
}
