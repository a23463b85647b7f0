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
 * clock one 30-second step on, so it has a fresh step of its own.
 */
@ClaveIntegrationTest
@TestPropertySource(properties = "clave.staff.totp-required=true")
class StaffTotpIntegrationTest {

	static final String CENTER = "CAU Quito Norte";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcClient jdbc;

	TestFixtures api;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
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

		HttpResponse<String> response = api.post("/api/v1/staff/login",
				"{\"username\":" + quote(ADMIN) + ",\"password\":" + quote(ADMIN_PASSWORD) + "}", null);

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
				api.post("/api/v1/staff/login", "{\"username\":" + quote(staff) + ",\"password\":"
						+ quote(TestFixtures.STAFF_PASSWORD) + "}", null),
				login(staff, TestFixtures.STAFF_PASSWORD, wrong(Totp.code(secret, clock.instant()))),
				login(staff, TestFixtures.STAFF_PASSWORD, used),
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
	void fiveFailuresLockTheStaffAccountForFifteenMinutesEvenForTheRightCode() {
		String staff = newStaff();
		String secret = secretOf(staff);
		for (int i = 0; i < 5; i++) {
			assertInvalidCredentials(login(staff, TestFixtures.STAFF_PASSWORD, wrong(freshCode(secret))));
		}
		// locked at T; each freshCode moves the clock 30 s on
		assertInvalidCredentials(login(staff, TestFixtures.STAFF_PASSWORD, freshCode(secret)));
		clock.advance(Duration.ofMinutes(13));
		assertInvalidCredentials(login(staff, TestFixtures.STAFF_PASSWORD, freshCode(secret)));

		clock.advance(Duration.ofMinutes(1));

		// T + 15 min 30 s
		HttpResponse<String> afterwards = login(staff, TestFixtures.STAFF_PASSWORD, freshCode(secret));
		assertThat(afterwards.statusCode()).as(afterwards.body()).isEqualTo(200);
	}

	@Test
	void aLockedStaffAccountAnswersLikeAnyOtherFailure() {
		String staff = newStaff();
		String secret = secretOf(staff);
		HttpResponse<String> wrongCode = login(staff, TestFixtures.STAFF_PASSWORD, wrong(freshCode(secret)));
		for (int i = 0; i < 4; i++) {
			login(staff, TestFixtures.STAFF_PASSWORD, wrong(freshCode(secret)));
		}

		HttpResponse<String> locked = login(staff, TestFixtures.STAFF_PASSWORD, freshCode(secret));

		assertInvalidCredentials(locked);
		assertThat(locked.body()).isEqualTo(wrongCode.body());
		assertThat(headersWithoutDate(locked)).isEqualTo(headersWithoutDate(wrongCode));
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
				select type, outcome, actor, channel from audit_events
				where type in ('STAFF_LOGIN_FAILED', 'STAFF_LOGIN_SUCCEEDED') and (actor = ? or actor = ?)
				order by id""")
			.params(staff, staff + "@" + CENTER)
			.query((rs, row) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
			.list();
		assertThat(events).containsExactly(List.of("STAFF_LOGIN_FAILED", "FAILURE", staff, "COUNTER"),
				List.of("STAFF_LOGIN_SUCCEEDED", "SUCCESS", staff + "@" + CENTER, "COUNTER"));
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
		return api.post("/api/v1/staff/login", "{\"username\":" + quote(username) + ",\"password\":" + quote(password)
				+ ",\"totp\":" + quote(totp) + "}", null);
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
