package ec.gob.iess.clave.audit;

import java.net.http.HttpResponse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
import org.springframework.transaction.TransactionDefinition;
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
	record Row(long id, int chain, long seq, Instant at, String type, String account, String actor, String center,
			String channel, String ip, String outcome, String detail, int hashScheme, String prevHash, String hash) {

		static Row of(ResultSet rs, int n) throws SQLException {
			return new Row(rs.getLong("id"), rs.getInt("chain"), rs.getLong("seq"), rs.getTimestamp("at").toInstant(),
					rs.getString("type"), rs.getString("account"), rs.getString("actor"), rs.getString("center"),
					rs.getString("channel"), rs.getString("ip"), rs.getString("outcome"), rs.getString("detail"),
					rs.getInt("hash_scheme"), rs.getString("prev_hash"), rs.getString("hash"));
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
		// Every row of the log, other tests' in the same database too: a well-formed row has a type the code knows.
		Set<String> known = java.util.Arrays.stream(AuditType.values()).map(Enum::name).collect(java.util.stream.Collectors.toSet());
		assertThat(all).allSatisfy(row -> {
			assertThat(row.at()).isNotNull();
			assertThat(row.type()).isIn(known);
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
			"hash_scheme", "prev_hash", "hash", "chain", "seq" })
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
				case "chain" -> original.chain() == 1 ? 2 : 1;
				case "seq" -> original.seq() + 1;
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
				sql -> sql.sql("update audit_events set hash_scheme = ? where id = ?").params(AuditEntry.SCHEME + 1, id)
					.update());

		assertThat(result.intact()).isFalse();
		assertThat(result.brokenAt()).as(result.problem()).isEqualTo(id);
		assertThat(result.problem()).isEqualTo("unknown hash scheme");
		assertIntactAgain();
	}

	@Test
	void deletingAMiddleRowBreaksTheChainAtTheNextRowOfItsChain() {
		long id = middleRow();
		long next = nextInChain(id);

		AuditLog.ChainVerification result = tampered(
				sql -> assertThat(sql.sql("delete from audit_events where id = ?").param(id).update()).isEqualTo(1));

		assertThat(result.intact()).isFalse();
		assertThat(result.brokenAt()).as(result.problem()).isEqualTo(next);
		assertThat(result.problem()).isEqualTo("row missing before this one");
		assertIntactAgain();
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2 })
	void deletingTheLastRowsOfAChainIsCaughtByItsHead(int rows) {
		middleRow();
		middleRow();
		long[] last = new long[1];

		AuditLog.ChainVerification result = tampered(sql -> {
			int chain = sql.sql("select id from audit_head order by last_id desc fetch first 1 rows only")
				.query(Integer.class).single();
			last[0] = sql.sql("select last_id from audit_head where id = ?").param(chain).query(Long.class).single();
			assertThat(sql.sql("delete from audit_events where chain = ? and seq > (select last_seq from audit_head"
					+ " where id = ?) - ?").params(chain, chain, rows).update()).isEqualTo(rows);
		});

		assertThat(result.intact()).isFalse();
		assertThat(result.brokenAt()).as(result.problem()).isEqualTo(last[0]);
		assertThat(result.problem()).isEqualTo("the chain's head does not match its last row");
		assertIntactAgain();
	}

	@ParameterizedTest
	@ValueSource(strings = { "hash", "seq" })
	void swappingTwoRowsHashesOrPlacesBreaksTheChain(String column) {
		long id = middleRow();
		Row first = row(id);
		Row second = row(nextInChain(id));

		AuditLog.ChainVerification result = tampered(sql -> {
			Object firstValue = column.equals("hash") ? first.hash() : first.seq();
			Object secondValue = column.equals("hash") ? second.hash() : second.seq();
			sql.sql("update audit_events set " + column + " = ? where id = ?").params(secondValue, first.id()).update();
			sql.sql("update audit_events set " + column + " = ? where id = ?").params(firstValue, second.id()).update();
		});

		assertThat(result.intact()).isFalse();
		assertThat(result.brokenAt()).as(result.problem()).isEqualTo(id);
		assertIntactAgain();
	}

	@Test
	void aForgedRowInsertedIntoAChainWithAValidHashBreaksItAtTheRowAfter() {
		long id = middleRow();
		Row before = row(id);
		long next = nextInChain(id);

		AuditLog.ChainVerification result = tampered(sql -> {
			// The forger makes room after the row (every later place moves up one) and hashes the forged row
			// correctly over the row before it; the rows after it still hash their old places.
			long forgedId = sql.sql("select max(id) + 1 from audit_events").query(Long.class).single();
			sql.sql("update audit_events set seq = seq + 1000000000 where chain = ? and seq > ?")
				.params(before.chain(), before.seq()).update();
			sql.sql("update audit_events set seq = seq - 999999999 where chain = ? and seq > ?")
				.params(before.chain(), before.seq()).update();
			sql.sql("update audit_head set last_seq = last_seq + 1 where id = ?").param(before.chain()).update();
			forge(sql, forgedId, before.chain(), before.seq() + 1, before.hash());
		});

		assertThat(result.intact()).isFalse();
		assertThat(result.brokenAt()).as(result.problem()).isEqualTo(next);
		assertIntactAgain();
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, AuditLog.STRIPES + 1 })
	void aForgedRowWithAValidHashInAChainThatDoesNotExistIsABreak(int chain) {
		middleRow();
		long[] forged = new long[1];

		AuditLog.ChainVerification result = tampered(sql -> {
			forged[0] = sql.sql("select max(id) + 1 from audit_events").query(Long.class).single();
			forge(sql, forged[0], chain, 1, "0".repeat(64));
		});

		assertThat(result.intact()).isFalse();
		assertThat(result.brokenAt()).as(result.problem()).isEqualTo(forged[0]);
		assertThat(result.problem()).isEqualTo("a chain that does not exist");
		assertIntactAgain();
	}

	@Test
	void aHeadAddedForAForgedChainIsABreak() {
		middleRow();

		AuditLog.ChainVerification result = tampered(sql -> sql.sql("insert into audit_head (id, last_id, last_seq,"
				+ " last_hash) values (?, 0, 0, ?)").params(AuditLog.STRIPES + 1, "0".repeat(64)).update());

		assertThat(result.intact()).isFalse();
		assertThat(result.problem()).isEqualTo("the heads are not those of the " + AuditLog.STRIPES + " chains");
		assertIntactAgain();
	}

	/** Inserts a LOGIN_SUCCEEDED row whose hash is right for its fields, as someone who knows the scheme would. */
	static void forge(JdbcClient sql, long id, int chain, long seq, String previousHash) {
		Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		String account = TestCedulas.next();
		String hash = AuditEntry.hashOf(AuditEntry.SCHEME, chain, seq, id, at, "LOGIN_SUCCEEDED", account, account, null,
				"WEB", "192.0.2.1", "SUCCESS", null, previousHash);
		sql.sql("""
				insert into audit_events (id, chain, seq, at, type, account, actor, center, channel, ip, outcome, detail,
				hash_scheme, prev_hash, hash) values (?, ?, ?, ?, 'LOGIN_SUCCEEDED', ?, ?, null, 'WEB', '192.0.2.1',
				'SUCCESS', null, ?, ?, ?)""")
			.params(id, chain, seq, Timestamp.from(at), account, account, AuditEntry.SCHEME, previousHash, hash)
			.update();
	}

	@Test
	void fortyConcurrentAuditedActionsLeaveGaplessChainsThatVerify() throws Exception {
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
		assertIntactAndGapless();
	}

	@Test
	void manyThreadsAppendingInTheirOwnTransactionsAllLandInSeveralChainsThatVerify() throws Exception {
		String run = "concurrency " + UUID.randomUUID();
		int threads = 8;
		int each = 25;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Callable<Void>> appenders = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				appenders.add(() -> {
					for (int i = 0; i < each; i++) {
						// Each transaction stays open a moment after its append, so the appends overlap.
						appendInOwnTransaction(run + " " + thread + "/" + i, 3);
					}
					return null;
				});
			}
			for (Future<Void> done : pool.invokeAll(appenders)) {
				done.get();
			}
		}
		finally {
			pool.shutdown();
		}

		List<Row> rows = jdbc.sql("select * from audit_events where detail like ? order by id").param(run + " %")
			.query(Row::of).list();
		assertThat(rows).hasSize(threads * each);
		assertThat(rows.stream().map(Row::chain).distinct().count()).as("chains used").isGreaterThan(1);
		assertIntactAndGapless();
	}

	@Test
	void anAppendDoesNotWaitForAnotherTransactionThatHasAppendedAndNotYetCommitted() throws Exception {
		String run = "open " + UUID.randomUUID();
		CountDownLatch appended = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<?> open = pool.submit(() -> new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
				audit.record(AuditType.LOGIN_FAILED, null, Outcome.FAILURE, new Origin(Origin.ANONYMOUS, Channel.API,
						"192.0.2.1"), run + " first");
				appended.countDown();
				await(release);
			}));
			assertThat(appended.await(10, TimeUnit.SECONDS)).isTrue();

			Future<?> second = pool.submit(() -> appendInOwnTransaction(run + " second", 0));

			second.get(10, TimeUnit.SECONDS);
			release.countDown();
			open.get(10, TimeUnit.SECONDS);
		}
		finally {
			release.countDown();
			pool.shutdownNow();
		}
		List<Row> rows = jdbc.sql("select * from audit_events where detail like ? order by id").param(run + " %")
			.query(Row::of).list();
		assertThat(rows).extracting(Row::detail).containsExactly(run + " first", run + " second");
		assertThat(rows.get(0).chain()).isNotEqualTo(rows.get(1).chain());
		assertIntactAndGapless();
	}

	@Test
	void theEventsOfOneTransactionFollowEachOtherInOneChainAndAnInnerTransactionTakesAnother() throws Exception {
		String run = "together " + UUID.randomUUID();
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			// Without its own stripe the inner transaction (as the rate limiter's) would wait for the outer one.
			pool.submit(() -> new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
				audit.record(AuditType.LOGIN_FAILED, null, Outcome.FAILURE, new Origin(Origin.ANONYMOUS, Channel.API,
						"192.0.2.1"), run + " 1");
				TransactionTemplate inner = new TransactionTemplate(transactionManager);
				inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
				inner.executeWithoutResult(nested -> audit.record(AuditType.RATE_LIMITED, null, Outcome.FAILURE,
						new Origin(Origin.ANONYMOUS, Channel.API, "192.0.2.1"), run + " inner"));
				audit.record(AuditType.ACCOUNT_LOCKED, null, Outcome.SUCCESS, new Origin(Origin.ANONYMOUS, Channel.API,
						"192.0.2.1"), run + " 2");
			})).get(20, TimeUnit.SECONDS);
		}
		finally {
			pool.shutdownNow();
		}

		List<Row> rows = jdbc.sql("select * from audit_events where detail like ? order by id").param(run + " %")
			.query(Row::of).list();
		assertThat(rows).extracting(Row::detail).containsExactly(run + " 1", run + " inner", run + " 2");
		assertThat(rows.get(2).chain()).isEqualTo(rows.get(0).chain());
		assertThat(rows.get(2).seq()).isEqualTo(rows.get(0).seq() + 1);
		assertThat(rows.get(1).chain()).isNotEqualTo(rows.get(0).chain());
		assertIntactAndGapless();
	}

	void appendInOwnTransaction(String detail, long holdMillis) {
		new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
			audit.record(AuditType.LOGIN_FAILED, null, Outcome.FAILURE, new Origin(Origin.ANONYMOUS, Channel.API,
					"192.0.2.1"), detail);
			sleep(holdMillis);
		});
	}

	/**
	 * The chains verify, and each is whole: places 1 to its head's, ids rising with them, the head naming the
	 * last. Gaps in the ids themselves are allowed (a rolled-back append spends a sequence number).
	 */
	void assertIntactAndGapless() {
		AuditLog.ChainVerification verification = audit.verify();
		assertThat(verification.intact()).as(verification.problem()).isTrue();
		long count = jdbc.sql("select count(*) from audit_events").query(Long.class).single();
		assertThat(verification.entries()).isEqualTo(count);
		List<String> chains = jdbc.sql("""
				select h.id, h.last_seq, h.last_id, count(e.id), coalesce(min(e.seq), 1), coalesce(max(e.seq), 0),
				coalesce(max(e.id), 0) from audit_head h left join audit_events e on e.chain = h.id group by h.id,
				h.last_seq, h.last_id order by h.id""")
			.query((rs, n) -> rs.getInt(1) + ": head " + rs.getLong(2) + "@" + rs.getLong(3) + ", rows " + rs.getLong(4)
					+ " places " + rs.getLong(5) + ".." + rs.getLong(6) + " last id " + rs.getLong(7))
			.list();
		assertThat(chains).hasSize(AuditLog.STRIPES)
			.allSatisfy(chain -> assertThat(chain).matches("\\d+: head (\\d+)@(\\d+), rows \\1 places 1\\.\\.\\1 last id \\2"));
	}

	static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
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
		// One request after another takes the lowest free stripe each time, so the next row of this chain
		// is the failed login (or some other event in between); a few more failures make sure there is one.
		for (int i = 0; i < 3 && nextInChainOrNull(id) == null; i++) {
			assertThat(api.login(cedula, WRONG_CLAVE).statusCode()).isEqualTo(401);
		}
		assertThat(nextInChainOrNull(id)).as("a row after %d in its chain", id).isNotNull();
		return id;
	}

	/** The id of the row after this one in its chain. */
	long nextInChain(long id) {
		Long next = nextInChainOrNull(id);
		assertThat(next).as("a row after %d in its chain", id).isNotNull();
		return next;
	}

	Long nextInChainOrNull(long id) {
		return jdbc.sql("select n.id from audit_events n join audit_events e on n.chain = e.chain and n.seq = e.seq + 1"
				+ " where e.id = ?").param(id).query(Long.class).optional().orElse(null);
	}

	/**
	 * Runs the tamper and {@link AuditLog#verify()} in one transaction that is always rolled back. Every
	 * chain's head is locked first, so no concurrent append interleaves with the tamper.
	 */
	AuditLog.ChainVerification tampered(Consumer<JdbcClient> tamper) {
		return new TransactionTemplate(transactionManager).execute(status -> {
			status.setRollbackOnly();
			assertThat(jdbc.sql("select last_id from audit_head for update").query(Long.class).list())
				.hasSize(AuditLog.STRIPES);
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
