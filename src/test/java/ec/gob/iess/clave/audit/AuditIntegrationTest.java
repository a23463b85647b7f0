package ec.gob.iess.clave.audit;

import java.net.http.HttpResponse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import ec.gob.iess.clave.session.Secrets;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The audit log against the running application (PRODUCT.md §4.10, API.md "Audit type values"):
 * real activity through the API leaves complete, well-formed rows whose hash chain verifies; any
 * change to a row is reported at exactly that row; no secret ever reaches the log.
 *
 * <p>The database is shared with every other test class, so each tamper happens inside a transaction
 * that is rolled back, with {@link AuditLog#verify()} called inside it (it joins the transaction).
 */
@ClaveIntegrationTest
class AuditIntegrationTest {

	static final String WRONG_CLAVE = "una clave equivocada cualquiera";
	static final String NEW_CLAVE = "el cóndor andino planea sobre el chimborazo";
	static final Set<String> TYPES = Set.of("LOGIN_SUCCEEDED", "LOGIN_FAILED", "LOGOUT", "ACCOUNT_LOCKED",
			"ACCOUNT_UNLOCKED", "UNLOCK_REQUESTED", "RECOVERY_REQUESTED", "LINK_USED", "LINK_REJECTED", "PASSWORD_CHANGED",
			"PASSWORD_RESET", "TEMPORARY_PASSWORD_ISSUED", "AGREEMENT_ACCEPTED", "PERSON_REGISTERED", "PERSON_UPDATED",
			"CONTACT_VERIFIED", "CONTACT_CHANGED", "FINGERPRINT_ENROLLED", "FINGERPRINT_MISMATCH", "ACCOUNT_SUSPENDED",
			"ACCOUNT_REACTIVATED", "FRAUD_REPORTED", "STAFF_LOGIN_SUCCEEDED", "STAFF_LOGIN_FAILED", "STAFF_USER_CREATED",
			"RATE_LIMITED");
	static final Set<String> LOOPBACK = Set.of("127.0.0.1", "0:0:0:0:0:0:0:1", "::1");
	static final String COUNTER_CENTER = "CAU Quito Norte";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AuditLog audit;

	@Autowired
	PlatformTransactionManager transactionManager;

	TestFixtures api;
	String agent;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		agent = api.agent();
	}

	/** One row of {@code audit_events}, read column by column. */
	record Row(long id, Instant at, String type, String account, String actor, String center, String channel, String ip,
			String outcome, String detail, int hashScheme, String prevHash, String hash) {

		static Row of(ResultSet rs, int n) throws SQLException {
			return new Row(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("type"),
					rs.getString("account"), rs.getString("actor"), rs.getString("center"), rs.getString("channel"),
					rs.getString("ip"), rs.getString("outcome"), rs.getString("detail"), rs.getInt("hash_scheme"),
					rs.getString("prev_hash"), rs.getString("hash"));
		}

		List<String> columns() {
			return Arrays.asList(Long.toString(id), at.toString(), type, account, actor, center, channel, ip, outcome,
					detail, Integer.toString(hashScheme), prevHash, hash);
		}
	}

	/** What {@link #story} did, and every secret it handled. */
	record Story(String cedula, Instant from, Instant to, Set<String> secrets) {
	}

	/**
	 * A person's life through the API: registered at a counter, a temporary clave, its first login and
	 * change, a login, a failed and a successful clave change, a logout, five failures that lock the
	 * account and the right clave refused.
	 */
	Story story() {
		Set<String> secrets = new LinkedHashSet<>(List.of(GOOD_CLAVE, NEW_CLAVE, WRONG_CLAVE,
				TestFixtures.ADMIN_PASSWORD, TestFixtures.STAFF_PASSWORD, TestFixtures.ADMIN_TOTP, agent));
		secrets.add(api.adminToken());
		Instant from = Instant.now().minusSeconds(1);

		String cedula = api.registerPerson(agent);
		String temporary = api.temporaryClave(agent, cedula);
		secrets.add(temporary);
		String temporaryToken = token(api.login(cedula, temporary));
		secrets.add(temporaryToken);
		assertThat(change(cedula, temporary, GOOD_CLAVE, temporaryToken).statusCode()).isEqualTo(204);
		String token = token(api.login(cedula, GOOD_CLAVE));
		secrets.add(token);
		assertThat(change(cedula, WRONG_CLAVE, NEW_CLAVE, null).statusCode()).isEqualTo(401);
		HttpResponse<String> changed = change(cedula, GOOD_CLAVE, NEW_CLAVE, null);
		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
		String last = token(api.login(cedula, NEW_CLAVE));
		secrets.add(last);
		assertThat(api.post("/api/v1/logout", null, last).statusCode()).isEqualTo(204);
		for (int i = 0; i < 5; i++) {
			assertThat(api.login(cedula, WRONG_CLAVE).statusCode()).isEqualTo(401);
		}
		assertThat(api.login(cedula, NEW_CLAVE).statusCode()).isEqualTo(401);
		assertThat(api.status(agent, cedula)).isEqualTo("BLOQUEADA");

		for (String each : List.copyOf(secrets)) {
			secrets.add(Secrets.sha256(each));
		}
		secrets.addAll(jdbc.sql("select token_hash from access_tokens").query(String.class).list());
		return new Story(cedula, from, Instant.now().plusSeconds(1), secrets);
	}

	@Test
	void realActivityLeavesAnIntactChainOfWellFormedRows() {
		story();

		AuditLog.ChainVerification verification = audit.verify();

		assertThat(verification.intact()).as(verification.problem()).isTrue();
		List<Row> all = rows();
		assertThat(verification.entries()).isEqualTo(all.size());
		assertThat(all).allSatisfy(row -> {
			assertThat(row.at()).isNotNull();
			assertThat(row.type()).isIn(TYPES);
			assertThat(row.actor()).isNotBlank();
			assertThat(row.channel()).isIn("WEB", "API", "COUNTER");
			assertThat(row.outcome()).isIn("SUCCESS", "FAILURE");
			assertThat(row.prevHash()).hasSize(64);
			assertThat(row.hash()).hasSize(64);
		});
	}

	@Test
	void aPersonsEventsCarryTheirCedulaTheActorChannelIpTimeAndOutcome() {
		Story story = story();
		String cedula = story.cedula();

		List<Row> rows = jdbc.sql("select * from audit_events where account = ? order by id").param(cedula)
			.query(Row::of).list();

		assertThat(rows).extracting(Row::type).containsSubsequence("PERSON_REGISTERED", "TEMPORARY_PASSWORD_ISSUED",
				"LOGIN_SUCCEEDED", "PASSWORD_CHANGED", "LOGIN_SUCCEEDED", "PASSWORD_CHANGED", "PASSWORD_CHANGED",
				"LOGIN_SUCCEEDED", "LOGOUT", "LOGIN_FAILED", "LOGIN_FAILED", "LOGIN_FAILED", "LOGIN_FAILED",
				"LOGIN_FAILED", "ACCOUNT_LOCKED", "LOGIN_FAILED");
		assertThat(rows).filteredOn(row -> row.type().equals("LOGIN_FAILED")).hasSize(6)
			.allSatisfy(row -> assertThat(row.outcome()).isEqualTo("FAILURE"));
		assertThat(rows).filteredOn(row -> row.type().equals("LOGIN_SUCCEEDED")).hasSize(3)
			.allSatisfy(row -> assertThat(row.outcome()).isEqualTo("SUCCESS"));
		assertThat(rows).filteredOn(row -> row.type().equals("PASSWORD_CHANGED")).extracting(Row::outcome)
			.containsExactly("SUCCESS", "FAILURE", "SUCCESS");
		assertThat(rows).filteredOn(row -> row.type().equals("ACCOUNT_LOCKED")).hasSize(1);
		assertThat(rows).allSatisfy(row -> {
			assertThat(row.account()).isEqualTo(cedula);
			assertThat(row.at()).isBetween(story.from(), story.to());
			assertThat(row.ip()).as("row %d %s", row.id(), row.type()).isIn(LOOPBACK);
			assertThat(row.type()).isIn(TYPES);
			assertThat(row.outcome()).isIn("SUCCESS", "FAILURE");
			if (row.type().equals("PERSON_REGISTERED") || row.type().equals("TEMPORARY_PASSWORD_ISSUED")) {
				assertThat(row.channel()).isEqualTo("COUNTER");
				assertThat(row.actor()).doesNotContain("@");
				assertThat(row.center()).isEqualTo(COUNTER_CENTER);
			}
			else {
				assertThat(row.channel()).as("row %d %s", row.id(), row.type()).isEqualTo("API");
				assertThat(row.actor()).as("row %d %s", row.id(), row.type()).isEqualTo(cedula);
				assertThat(row.center()).as("row %d %s", row.id(), row.type()).isNull();
			}
		});
		// The API shows the same events, in UTC.
		HttpResponse<String> shown = api.get("/api/v1/staff/audit?account=" + cedula + "&limit=100", api.adminToken());
		assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
		var list = json(shown);
		assertThat(list.size()).isEqualTo(rows.size());
		assertThat(list.get(list.size() - 1).get("type").asString()).isEqualTo("PERSON_REGISTERED");
		assertThat(list.get(list.size() - 1).get("center").asString()).isEqualTo(COUNTER_CENTER);
		assertThat(list.get(list.size() - 1).get("actor").asString()).isEqualTo(rows.get(0).actor());
		assertThat(list.get(0).get("center").isNull()).isTrue();
		assertThat(Instant.parse(list.get(0).get("at").asString())).isEqualTo(rows.get(rows.size() - 1).at());
		assertThat(list.get(0).get("at").asString()).endsWith("Z");
	}

	@Test
	void noClaveTokenOrTokenHashAppearsInAnyAuditRow() {
		Story story = story();

		List<String> leaks = new ArrayList<>();
		for (Row row : rows()) {
			for (String column : row.columns()) {
				for (String secret : story.secrets()) {
					if (column != null && column.contains(secret)) {
						leaks.add("row " + row.id() + " " + row.type() + " contains " + secret);
					}
				}
			}
		}

		assertThat(story.secrets()).hasSizeGreaterThan(10);
		assertThat(leaks).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "detail", "outcome", "at", "account", "actor", "center", "ip", "type", "channel",
			"hash_scheme", "prev_hash", "hash" })
	void changingAnyFieldOfARowBreaksTheChainAtExactlyThatRow(String column) {
		long id = middleRow();
		Row original = row(id);

		AuditLog.ChainVerification result = tampered(sql -> {
			Object value = switch (column) {
				case "detail" -> original.detail() + " (editado)";
				case "outcome" -> original.outcome().equals("SUCCESS") ? "FAILURE" : "SUCCESS";
				case "at" -> Timestamp.from(original.at().minusSeconds(60));
				case "account" -> TestCedulas.next();
				case "actor" -> "otro-agente";
				case "center" -> "CAU Guayaquil";
				case "hash_scheme" -> 1;
				case "ip" -> "203.0.113.7";
				case "type" -> "PERSON_UPDATED";
				case "channel" -> "WEB";
				case "prev_hash" -> "f".repeat(64);
				case "hash" -> "e".repeat(64);
				default -> throw new IllegalArgumentException(column);
			};
			assertThat(sql.sql("update audit_events set " + column + " = ? where id = ?").params(value, id).update())
				.isEqualTo(1);
		});

		assertThat(result.intact()).isFalse();
		assertThat(result.brokenAt()).as(result.problem()).isEqualTo(id);
		assertIntactAgain();
	}

	@ParameterizedTest
	@CsvSource({ "type, NO_SUCH_TYPE", "channel, FAX", "outcome, MAYBE" })
	void anUnknownValueInARowIsReportedAsABreakNotAnError(String column, String value) {
		long id = middleRow();

		AuditLog.ChainVerification result;
		try {
			result = tampered(sql -> sql.sql("update audit_events set " + column + " = ? where id = ?").params(value, id)
				.update());
		}
		catch (RuntimeException e) {
			fail("verify() threw instead of reporting the chain broken at " + id + " when " + column + " = '" + value
					+ "'", e);
			return;
		}

		assertThat(result.intact()).isFalse();
		assertThat(result.brokenAt()).as(result.problem()).isEqualTo(id);
		assertIntactAgain();
	}

	@Test
	void anUnknownHashSchemeIsReportedAsABreakNotAnError() {
		long id = middleRow();

		AuditLog.ChainVerification result = tampered(
				sql -> sql.sql("update audit_events set hash_scheme = ? where id = ?").params(3, id).update());

		assertThat(result.intact()).isFalse();
		assertThat(result.brokenAt()).as(result.problem()).isEqualTo(id);
		assertThat(result.problem()).isEqualTo("unknown hash scheme");
		assertIntactAgain();
	}

	@Test
	void deletingAMiddleRowBreaksTheChainAtTheNextRow() {
		long id = middleRow();

		AuditLog.ChainVerification result = tampered(
				sql -> assertThat(sql.sql("delete from audit_events where id = ?").param(id).update()).isEqualTo(1));

		assertThat(result.intact()).isFalse();
		assertThat(result.brokenAt()).as(result.problem()).isEqualTo(id + 1);
		assertIntactAgain();
	}

	@Test
	void deletingTheLastRowIsCaughtByTheHead() {
		middleRow();
		long[] last = new long[1];

		AuditLog.ChainVerification result = tampered(sql -> {
			last[0] = sql.sql("select last_id from audit_head where id = 1").query(Long.class).single();
			assertThat(sql.sql("delete from audit_events where id = ?").param(last[0]).update()).isEqualTo(1);
		});

		assertThat(result.intact()).isFalse();
		assertThat(result.brokenAt()).as(result.problem()).isEqualTo(last[0]);
		assertIntactAgain();
	}

	@Test
	void swappingTwoRowsHashesBreaksTheChain() {
		long id = middleRow();
		Row first = row(id);
		Row second = row(id + 1);

		AuditLog.ChainVerification result = tampered(sql -> {
			sql.sql("update audit_events set hash = ? where id = ?").params(second.hash(), first.id()).update();
			sql.sql("update audit_events set hash = ? where id = ?").params(first.hash(), second.id()).update();
		});

		assertThat(result.intact()).isFalse();
		assertThat(result.brokenAt()).as(result.problem()).isEqualTo(id);
		assertIntactAgain();
	}

	@Test
	void fortyConcurrentAuditedActionsLeaveAGaplessChainThatVerifies() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(40);
		List<String> refused = new ArrayList<>();
		try {
			List<String> cedulas = new ArrayList<>();
			List<Callable<Integer>> attempts = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				String cedula = TestCedulas.next();
				cedulas.add(cedula);
				attempts.add(() -> api.login(cedula, WRONG_CLAVE).statusCode());
			}
			List<Future<Integer>> answers = pool.invokeAll(attempts);
			for (int i = 0; i < answers.size(); i++) {
				// 503 is the hashing gate shedding load before any work: nothing happened, nothing audited.
				assertThat(answers.get(i).get()).isIn(401, 503);
				if (answers.get(i).get() == 401) {
					refused.add(cedulas.get(i));
				}
			}
		}
		finally {
			pool.shutdown();
		}

		assertThat(refused).isNotEmpty();
		for (String cedula : refused) {
			List<Row> rows = jdbc.sql("select * from audit_events where account = ?").param(cedula).query(Row::of).list();
			assertThat(rows).singleElement().satisfies(row -> {
				assertThat(row.type()).isEqualTo("LOGIN_FAILED");
				assertThat(row.outcome()).isEqualTo("FAILURE");
				assertThat(row.channel()).isEqualTo("API");
				assertThat(row.ip()).isIn(LOOPBACK);
			});
		}
		AuditLog.ChainVerification verification = audit.verify();
		assertThat(verification.intact()).as(verification.problem()).isTrue();
		long count = jdbc.sql("select count(*) from audit_events").query(Long.class).single();
		long min = jdbc.sql("select min(id) from audit_events").query(Long.class).single();
		long max = jdbc.sql("select max(id) from audit_events").query(Long.class).single();
		long head = jdbc.sql("select last_id from audit_head where id = 1").query(Long.class).single();
		assertThat(min).isEqualTo(1);
		assertThat(max).isEqualTo(count);
		assertThat(head).isEqualTo(max);
		assertThat(verification.entries()).isEqualTo(count);
	}

	/**
	 * A row of a fresh person's history with another row after it: the temporary clave's issue,
	 * followed by a failed login.
	 */
	long middleRow() {
		String cedula = api.registerPerson(agent);
		api.temporaryClave(agent, cedula);
		assertThat(api.login(cedula, WRONG_CLAVE).statusCode()).isEqualTo(401);
		long id = jdbc.sql("select id from audit_events where account = ? and type = 'TEMPORARY_PASSWORD_ISSUED'")
			.param(cedula).query(Long.class).single();
		assertThat(jdbc.sql("select count(*) from audit_events where id = ?").param(id + 1).query(Long.class).single())
			.isEqualTo(1);
		return id;
	}

	/**
	 * Runs the tamper and {@link AuditLog#verify()} in one transaction that is always rolled back. The
	 * chain's head is locked first, so no concurrent append interleaves with the tamper.
	 */
	AuditLog.ChainVerification tampered(Consumer<JdbcClient> tamper) {
		return new TransactionTemplate(transactionManager).execute(status -> {
			status.setRollbackOnly();
			jdbc.sql("select last_id from audit_head where id = 1 for update").query(Long.class).single();
			AuditLog.ChainVerification before = audit.verify();
			assertThat(before.intact()).as("intact before the tamper: " + before.problem()).isTrue();
			tamper.accept(jdbc);
			return audit.verify();
		});
	}

	void assertIntactAgain() {
		AuditLog.ChainVerification after = audit.verify();
		assertThat(after.intact()).as("the rollback restored the chain: " + after.problem()).isTrue();
	}

	List<Row> rows() {
		return jdbc.sql("select * from audit_events order by id").query(Row::of).list();
	}

	Row row(long id) {
		return jdbc.sql("select * from audit_events where id = ?").param(id).query(Row::of).single();
	}

	HttpResponse<String> change(String cedula, String current, String newClave, String token) {
		return api.post("/api/v1/password/change", "{\"username\":" + quote(cedula) + ",\"currentPassword\":"
				+ quote(current) + ",\"newPassword\":" + quote(newClave) + ",\"acceptAgreement\":true}", token);
	}

	static String token(HttpResponse<String> login) {
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		return json(login).get("accessToken").asString();
	}
}
