package ec.gob.iess.clave.counter;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MutableClock;
import ec.gob.iess.clave.support.TestFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static ec.gob.iess.clave.support.TestFixtures.ADMIN;
import static ec.gob.iess.clave.support.TestFixtures.ADMIN_PASSWORD;
import static ec.gob.iess.clave.support.TestFixtures.ADMIN_TOTP;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staff log in with password and TOTP (PRODUCT.md §4.8, API.md "Staff") when
 * {@code clave.staff.totp-required=true}, the production default. Its own application context.
 *
 * <p>The clock only ever moves forward here (never reset): a TOTP code works once, so going back in
 * time would turn every later code of an already-used step into a replay. Each login first moves the
 * clock one 30-second step on, so it has a fresh step of its own. Each test speaks from a source of its
 * own (X-Forwarded-For from the trusted local proxy): failures are counted per source and username.
 */
@ClaveIntegrationTest
@TestPropertySource(properties = { "clave.staff.totp-required=true", "server.forward-headers-strategy=native",
		"server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1|0:0:0:0:0:0:0:1" })
class StaffTotpIntegrationTest {

	static final String CENTER = "CAU Quito Norte";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	StaffTotpSecrets totpSecrets;

	TestFixtures api;
	/** This test's source address. */
	String source;

	private static final java.util.concurrent.atomic.AtomicInteger SOURCES = new java.util.concurrent.atomic.AtomicInteger();

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		source = source();
	}

	static String source() {
		int n = SOURCES.incrementAndGet();
		return "198.18." + (n / 250) + "." + (n % 250 + 1);
	}

	@Test
	void theBootstrapAdministratorLogsInWithTheRightCode() {
		HttpResponse<String> response = login(ADMIN, ADMIN_PASSWORD, freshCode(ADMIN_TOTP));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(json(response).get("accessToken").asString()).isNotBlank();
		assertThat(json(response).get("roles").toString()).contains("ADMINISTRADOR");
	}

	@Test
	void withoutACodeTheRightPasswordIsRefused() {
		clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));

		HttpResponse<String> response = post(source,
				"{\"username\":" + quote(ADMIN) + ",\"password\":" + quote(ADMIN_PASSWORD) + "}");

		assertInvalidCredentials(response);
		assertThat(adminToken()).isNotBlank();
	}

	@Test
	void aWrongCodeIsRefused() {
		String right = freshCode(ADMIN_TOTP);

		HttpResponse<String> response = login(ADMIN, ADMIN_PASSWORD, wrong(right));

		assertInvalidCredentials(response);
		assertThat(adminToken()).isNotBlank();
	}

	@Test
	void aCodeThatIsNotSixDigitsIsRefused() {
		String right = freshCode(ADMIN_TOTP);

		assertInvalidCredentials(login(ADMIN, ADMIN_PASSWORD, right + "0"));
		assertInvalidCredentials(login(ADMIN, ADMIN_PASSWORD, right.substring(1)));
		assertInvalidCredentials(login(ADMIN, ADMIN_PASSWORD, " " + right));

		assertThat(adminToken()).isNotBlank();
	}

	@Test
	void theRightCodeWithAWrongPasswordIsRefused() {
		String code = freshCode(ADMIN_TOTP);

		assertInvalidCredentials(login(ADMIN, "no es la contraseña del administrador", code));

		assertThat(login(ADMIN, ADMIN_PASSWORD, code).statusCode()).isEqualTo(200);
	}

	@Test
	void aCodeWorksOnlyOnceWithinItsStep() {
		String code = freshCode(ADMIN_TOTP);
		assertThat(login(ADMIN, ADMIN_PASSWORD, code).statusCode()).isEqualTo(200);

		HttpResponse<String> replay = login(ADMIN, ADMIN_PASSWORD, code);

		assertInvalidCredentials(replay);
		assertThat(adminToken()).as("a fresh code still works").isNotBlank();
	}

	@Test
	void aReusedCodeAfterTheRightPasswordSaysSoAndToWaitForTheNextOne() {
		String staff = newStaff();
		String code = freshCode(secretOf(staff));
		assertThat(login(staff, TestFixtures.STAFF_PASSWORD, code).statusCode()).isEqualTo(200);

		HttpResponse<String> replay = login(staff, TestFixtures.STAFF_PASSWORD, code);

		assertInvalidCredentials(replay);
		assertThat(json(replay).get("detail").asString()).isEqualTo(
				"El código de verificación ya fue usado. Espere el siguiente código de su aplicación e intente de nuevo.");
		assertThat(replay.headers().firstValue("Content-Language")).hasValue("es");
	}

	@Test
	void aReusedCodeWithAWrongPasswordGetsTheCommonAnswer() {
		String staff = newStaff();
		String secret = secretOf(staff);
		String code = freshCode(secret);
		assertThat(login(staff, TestFixtures.STAFF_PASSWORD, code).statusCode()).isEqualTo(200);
		HttpResponse<String> common = login(staff, TestFixtures.STAFF_PASSWORD, wrong(Totp.code(secret, clock.instant())));

		HttpResponse<String> replay = login(staff, "no es la contraseña de esta persona", code);

		assertInvalidCredentials(replay);
		assertThat(replay.body()).isEqualTo(common.body());
		assertThat(json(replay).get("detail").asString()).isEqualTo("Número de cédula o clave incorrectos.");
	}

	@Test
	void aCodeOfAnEarlierStepIsRefusedOnceALaterOneWasUsed() {
		String earlier = freshCode(ADMIN_TOTP);
		String later = freshCode(ADMIN_TOTP);
		assertThat(login(ADMIN, ADMIN_PASSWORD, later).statusCode()).isEqualTo(200);

		// Still within the accepted drift of one step, but older than the last accepted code.
		assertInvalidCredentials(login(ADMIN, ADMIN_PASSWORD, earlier));
		assertThat(adminToken()).as("a fresh code still works").isNotBlank();
	}

	@Test
	void everyFailureAnswersTheSameBytes() {
		String staff = newStaff();
		String secret = secretOf(staff);
		String used = freshCode(secret);
		assertThat(login(staff, TestFixtures.STAFF_PASSWORD, used).statusCode()).isEqualTo(200);

		List<HttpResponse<String>> answers = List.of(
				post(source, "{\"username\":" + quote(staff) + ",\"password\":" + quote(TestFixtures.STAFF_PASSWORD) + "}"),
				login(staff, TestFixtures.STAFF_PASSWORD, wrong(Totp.code(secret, clock.instant()))),
				// A used code after the right password has its own detail (decision 61); after a wrong one it is common.
				login(staff, "no es la contraseña de esta persona", used),
				login(staff, "no es la contraseña de esta persona", freshCode(secret)),
				login("nadie-con-este-nombre", TestFixtures.STAFF_PASSWORD, freshCode(secret)));

		HttpResponse<String> first = answers.get(0);
		assertInvalidCredentials(first);
		for (HttpResponse<String> answer : answers) {
			assertThat(answer.statusCode()).isEqualTo(first.statusCode());
			assertThat(answer.body()).isEqualTo(first.body());
			assertThat(headersWithoutDate(answer)).isEqualTo(headersWithoutDate(first));
		}
	}

	@Test
	void fiveFailuresRefuseThatSourceForThatUsernameWith429EvenForTheRightCode() {
		startOfALimitWindow();
		String staff = newStaff();
		String secret = secretOf(staff);
		for (int i = 0; i < 5; i++) {
			assertInvalidCredentials(login(staff, TestFixtures.STAFF_PASSWORD, wrong(freshCode(secret))));
		}

		HttpResponse<String> refused = login(staff, TestFixtures.STAFF_PASSWORD, freshCode(secret));

		assertRateLimited(refused);
		clock.advance(Duration.ofMinutes(3));
		assertRateLimited(login(staff, TestFixtures.STAFF_PASSWORD, freshCode(secret)));
	}

	@Test
	void aRemoteSourceThatFailsDoesNotLockTheAgentAtTheCounter() {
		startOfALimitWindow();
		String staff = newStaff();
		String secret = secretOf(staff);
		String remote = source();
		for (int i = 0; i < 5; i++) {
			assertInvalidCredentials(loginFrom(remote, staff, "adivinando la contraseña " + i, freshCode(secret)));
		}
		assertRateLimited(loginFrom(remote, staff, TestFixtures.STAFF_PASSWORD, freshCode(secret)));

		HttpResponse<String> atTheCounter = login(staff, TestFixtures.STAFF_PASSWORD, freshCode(secret));

		assertThat(atTheCounter.statusCode()).as(atTheCounter.body()).isEqualTo(200);
		assertRateLimited(loginFrom(remote, staff, TestFixtures.STAFF_PASSWORD, freshCode(secret)));
	}

	@Test
	void theRefusalPassesWithTheWindow() {
		startOfALimitWindow();
		String staff = newStaff();
		String secret = secretOf(staff);
		for (int i = 0; i < 5; i++) {
			assertInvalidCredentials(login(staff, TestFixtures.STAFF_PASSWORD, wrong(freshCode(secret))));
		}
		HttpResponse<String> refused = login(staff, TestFixtures.STAFF_PASSWORD, freshCode(secret));
		assertRateLimited(refused);
		long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());

		clock.advance(Duration.ofSeconds(retryAfter));

		HttpResponse<String> afterwards = login(staff, TestFixtures.STAFF_PASSWORD, freshCode(secret));
		assertThat(afterwards.statusCode()).as(afterwards.body()).isEqualTo(200);
	}

	@Test
	void anUnknownUsernameIsCountedAndRefusedExactlyLikeAKnownOne() {
		startOfALimitWindow();
		String known = newStaff();
		String secret = secretOf(known);
		String unknown = "admin-que-no-existe-" + System.nanoTime() % 100_000;
		List<HttpResponse<String>> knownAnswers = new java.util.ArrayList<>();
		List<HttpResponse<String>> unknownAnswers = new java.util.ArrayList<>();
		for (int i = 0; i < 6; i++) {
			knownAnswers.add(login(known, "no es la contraseña", freshCode(secret)));
			unknownAnswers.add(login(unknown, "no es la contraseña", freshCode(secret)));
		}

		for (int i = 0; i < 6; i++) {
			assertThat(unknownAnswers.get(i).statusCode()).isEqualTo(knownAnswers.get(i).statusCode())
				.isEqualTo(i < 5 ? 401 : 429);
			assertThat(unknownAnswers.get(i).body()).isEqualTo(knownAnswers.get(i).body());
			assertThat(headersWithoutDate(unknownAnswers.get(i)).keySet())
				.isEqualTo(headersWithoutDate(knownAnswers.get(i)).keySet());
		}
	}

	@Test
	void theLockoutIsAudited() {
		startOfALimitWindow();
		String staff = newStaff();
		String secret = secretOf(staff);
		for (int i = 0; i < 5; i++) {
			login(staff, TestFixtures.STAFF_PASSWORD, wrong(freshCode(secret)));
		}
		assertRateLimited(login(staff, TestFixtures.STAFF_PASSWORD, freshCode(secret)));

		List<List<String>> events = jdbc.sql("""
				select type, coalesce(detail, ''), ip from audit_events
				where actor = ? and type in ('STAFF_LOGIN_FAILED', 'RATE_LIMITED') order by id""")
			.param(staff)
			.query((rs, row) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3)))
			.list();
		assertThat(events).hasSize(6);
		assertThat(events.get(3).get(1)).doesNotContain("now refused");
		assertThat(events.get(4)).containsExactly("STAFF_LOGIN_FAILED",
				"wrong TOTP code; this source is now refused for this username", source);
		assertThat(events.get(5)).containsExactly("RATE_LIMITED", "STAFF_LOGIN_FAILURE", source);
	}

	@Test
	void theTotpSecretIsStoredSealedNotInPlainText() {
		String staff = newStaff();
		String secret = secretOf(staff);

		String stored = jdbc.sql("select totp_secret from staff_users where username = ?").param(staff).query(String.class)
			.single();

		assertThat(stored).startsWith("v1:").doesNotContain(secret).doesNotContain(secret.toLowerCase());
		assertThat(jdbc.sql("select count(*) from staff_users where totp_secret not like 'v1:%'").query(Long.class).single())
			.isZero();
		assertThat(login(staff, TestFixtures.STAFF_PASSWORD, freshCode(secret)).statusCode()).isEqualTo(200);
	}

	@Test
	void aPlainSecretLeftByAnOlderVersionIsSealedAtStartAndStillLogsIn() {
		String staff = newStaff();
		String secret = secretOf(staff);
		jdbc.sql("update staff_users set totp_secret = ? where username = ?").params(secret, staff).update();
		assertThat(login(staff, TestFixtures.STAFF_PASSWORD, freshCode(secret)).statusCode()).as("read as it is")
			.isEqualTo(200);

		assertThat(totpSecrets.sealPlainSecrets()).isEqualTo(1);

		String stored = jdbc.sql("select totp_secret from staff_users where username = ?").param(staff).query(String.class)
			.single();
		assertThat(stored).startsWith("v1:").doesNotContain(secret);
		assertThat(login(staff, TestFixtures.STAFF_PASSWORD, freshCode(secret)).statusCode()).isEqualTo(200);
	}

	@Test
	void aSealedSecretCopiedToAnotherStaffRowDoesNotOpenThere() {
		String victim = newStaff();
		String attacker = newStaff();
		String sealed = jdbc.sql("select totp_secret from staff_users where username = ?").param(attacker)
			.query(String.class).single();
		jdbc.sql("update staff_users set totp_secret = ? where username = ?").params(sealed, victim).update();

		HttpResponse<String> response = login(victim, TestFixtures.STAFF_PASSWORD, freshCode(secretOf(attacker)));

		assertThat(response.statusCode()).isNotEqualTo(200);
	}

	@Test
	void fourFailuresDoNotLock() {
		String staff = newStaff();
		String secret = secretOf(staff);
		for (int i = 0; i < 4; i++) {
			assertInvalidCredentials(login(staff, TestFixtures.STAFF_PASSWORD, wrong(freshCode(secret))));
		}

		HttpResponse<String> response = login(staff, TestFixtures.STAFF_PASSWORD, freshCode(secret));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	@Test
	void loginsAreAuditedAsStaffLoginSucceededAndFailed() {
		String staff = newStaff();
		String secret = secretOf(staff);

		assertInvalidCredentials(login(staff, TestFixtures.STAFF_PASSWORD, wrong(freshCode(secret))));
		assertThat(login(staff, TestFixtures.STAFF_PASSWORD, freshCode(secret)).statusCode()).isEqualTo(200);

		List<List<String>> events = jdbc.sql("""
				select type, outcome, actor, center, channel from audit_events
				where type in ('STAFF_LOGIN_FAILED', 'STAFF_LOGIN_SUCCEEDED') and actor = ?
				order by id""")
			.param(staff)
			.query((rs, row) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5)))
			.list();
		// Agent and centre in fields of their own, for the failure of a real user as for the success.
		assertThat(events).containsExactly(List.of("STAFF_LOGIN_FAILED", "FAILURE", staff, CENTER, "COUNTER"),
				List.of("STAFF_LOGIN_SUCCEEDED", "SUCCESS", staff, CENTER, "COUNTER"));
	}

	@Test
	void noTotpCodeOrSecretLandsInTheAudit() {
		String staff = newStaff();
		String secret = secretOf(staff);
		String code = freshCode(secret);
		assertThat(login(staff, TestFixtures.STAFF_PASSWORD, code).statusCode()).isEqualTo(200);
		assertInvalidCredentials(login(staff, TestFixtures.STAFF_PASSWORD, code));

		List<String> details = jdbc.sql("select coalesce(detail, '') from audit_events where actor like ?")
			.param(staff + "%")
			.query(String.class)
			.list();

		assertThat(details).isNotEmpty().noneMatch(detail -> detail.contains(code) || detail.contains(secret)
				|| detail.contains(TestFixtures.STAFF_PASSWORD));
	}

	// --- helpers --------------------------------------------------------------------------------------

	/**
	 * Moves the clock to just after the start of a 15-minute window of the rate limiter (windows are
	 * aligned to the epoch): failures counted across a window boundary weigh less in the sliding estimate,
	 * so a test that counts to the limit must not straddle one.
	 */
	void startOfALimitWindow() {
		long window = Duration.ofMinutes(15).toMillis();
		long now = clock.instant().toEpochMilli();
		clock.advance(Duration.ofMillis(window - Math.floorMod(now, window) + 1000));
	}

	/** Moves the clock one step on and answers the code of that new step. */
	String freshCode(String secret) {
		clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
		return Totp.code(secret, clock.instant());
	}

	/** A six-digit code that is not {@code right} nor, with overwhelming likelihood, any neighbouring step's. */
	static String wrong(String right) {
		return String.format("%06d", (Integer.parseInt(right) + 500_000) % 1_000_000);
	}

	HttpResponse<String> login(String username, String password, String totp) {
		return loginFrom(source, username, password, totp);
	}

	HttpResponse<String> loginFrom(String from, String username, String password, String totp) {
		return post(from, "{\"username\":" + quote(username) + ",\"password\":" + quote(password) + ",\"totp\":"
				+ quote(totp) + "}");
	}

	HttpResponse<String> post(String from, String json) {
		try {
			return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
				.newBuilder(java.net.URI.create(api.base() + "/api/v1/staff/login"))
				.header("Content-Type", "application/json")
				.header("X-Forwarded-For", from)
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString(json))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	static void assertRateLimited(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(response).get("code").asString()).isEqualTo("RATE_LIMITED");
		assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(
				seconds -> assertThat(Long.parseLong(seconds)).isPositive());
	}

	String adminToken() {
		HttpResponse<String> response = login(ADMIN, ADMIN_PASSWORD, freshCode(ADMIN_TOTP));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response).get("accessToken").asString();
	}

	/** Creates an AGENTE through the API with the administrator's token; answers the username. */
	String newStaff() {
		String username = "agente-totp-" + System.nanoTime() % 10_000_000;
		HttpResponse<String> created = api.post("/api/v1/staff/users", "{\"username\":" + quote(username) + ",\"password\":"
				+ quote(TestFixtures.STAFF_PASSWORD) + ",\"roles\":[\"AGENTE\"],\"center\":" + quote(CENTER) + "}",
				adminToken());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		secrets.put(username, json(created).get("totpSecret").asString());
		return username;
	}

	private final Map<String, String> secrets = new TreeMap<>();

	String secretOf(String staff) {
		return secrets.get(staff);
	}

	static void assertInvalidCredentials(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(response).get("code").asString()).isEqualTo("INVALID_CREDENTIALS");
	}

	static Map<String, List<String>> headersWithoutDate(HttpResponse<String> response) {
		Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
		headers.remove("date");
		return headers;
	}
}
