package ec.gob.iess.clave.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import ec.gob.iess.clave.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database written before V54 (rows hashed without the centre, staff packed as {@code agent@centre})
 * and then before V83 (one chain, the centre hashed) upgrades without rewriting a row: its old rows still
 * verify as the start of chain 1, new rows hash their chain and place, and no scheme can be used to hide a
 * change (decisions 85 and 149). The old rows are real: {@code audit/legacy-chain.sql} and
 * {@code audit/centre-chain.sql} were produced by the hashing code as it was before V54 and before V83.
 * No application runs: the database (H2 or PostgreSQL, as Failsafe's execution says) is migrated step by step.
 */
class AuditChainUpgradeIntegrationTest {

	JdbcClient jdbc;
	AuditLog audit;

	@BeforeEach
	void upgradeADatabaseThatHasOldRows() throws IOException {
		DataSource dataSource = TestDatabase.freshDataSource();
		jdbc = JdbcClient.create(dataSource);
		migrate(dataSource, "51");
		run("/audit/legacy-chain.sql");
		migrate(dataSource, "78");
		run("/audit/centre-chain.sql");
		migrate(dataSource, "latest");
		audit = new AuditLog(jdbc, dataSource, Clock.fixed(Instant.parse("2026-01-05T10:00:00Z"), ZoneOffset.UTC));
	}

	static void migrate(DataSource dataSource, String target) {
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target(target).load().migrate();
	}

	void run(String script) throws IOException {
		try (InputStream rows = getClass().getResourceAsStream(script)) {
			for (String statement : new String(rows.readAllBytes(), StandardCharsets.UTF_8).split(";\n")) {
				String sql = statement.lines().filter(line -> !line.startsWith("--")).reduce("", (a, b) -> a + b).strip();
				if (!sql.isEmpty()) {
					jdbc.sql(sql).update();
				}
			}
		}
	}

	@Test
	void oldRowsKeepTheirSchemeAndVerifyBesideNewOnesThatHashTheirPlace() {
		audit.record(AuditType.ACCOUNT_UNLOCKED, "1710034065", Outcome.SUCCESS,
				Origin.staff("agente", "CAU Quito Norte", Channel.COUNTER, "192.0.2.10"), null);

		AuditLog.ChainVerification verification = audit.verify();

		assertThat(verification.intact()).as(verification.problem()).isTrue();
		assertThat(verification.entries()).isEqualTo(7);
		assertThat(jdbc.sql("select hash_scheme, actor, coalesce(center, '-') from audit_events order by id")
			.query((rs, n) -> rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3)).list()).containsExactly(
					"1 agente@CAU Quito Norte -", "1 agente@CAU Quito Norte -", "1 agente@CAU Quito Norte -",
					"1 1710034065 -", "2 supervisora CAU Cuenca", "2 1710034065 -", "3 agente CAU Quito Norte");
	}

	@Test
	void changingTheCentreOfANewRowBreaksTheChainThere() {
		audit.record(AuditType.ACCOUNT_UNLOCKED, "1710034065", Outcome.SUCCESS,
				Origin.staff("agente", "CAU Quito Norte", Channel.COUNTER, "192.0.2.10"), null);
		jdbc.sql("update audit_events set center = 'CAU Guayaquil Sur' where id = 7").update();

		assertBrokenAt(7, "row content does not match its hash");
	}

	@Test
	void changingAnOldRowStillBreaksTheChainThere() {
		jdbc.sql("update audit_events set actor = 'otro@CAU Quito Norte' where id = 2").update();

		assertBrokenAt(2, "row content does not match its hash");
	}

	@Test
	void changingARowOfTheCentreSchemeStillBreaksTheChainThere() {
		jdbc.sql("update audit_events set center = 'CAU Loja' where id = 5").update();

		assertBrokenAt(5, "row content does not match its hash");
	}

	@Test
	void aCentreAddedToAnOldRowIsABreakThoughItsHashDoesNotCoverIt() {
		jdbc.sql("update audit_events set center = 'CAU Guayaquil Sur' where id = 3").update();

		assertBrokenAt(3, "a centre on a row whose hash does not cover it");
	}

	@Test
	void aNewRowCannotPassForAnOldOne() {
		audit.record(AuditType.ACCOUNT_UNLOCKED, "1710034065", Outcome.SUCCESS,
				Origin.staff("agente", "CAU Quito Norte", Channel.COUNTER, "192.0.2.10"), null);
		audit.record(AuditType.ACCOUNT_SUSPENDED, "1710034065", Outcome.SUCCESS,
				Origin.staff("agente", "CAU Quito Norte", Channel.COUNTER, "192.0.2.10"), "fraude");
		// Re-hashed under the old scheme, which leaves the centre out: still refused, by its place in the chain.
		String prev = jdbc.sql("select prev_hash from audit_events where id = 8").query(String.class).single();
		jdbc.sql("update audit_events set hash_scheme = 1, center = null, seq = null where id = 8").update();
		String legacyHash = AuditEntry.hashOf(AuditEntry.LEGACY_SCHEME, 1, 8, 8, Instant.parse("2026-01-05T10:00:00Z"),
				"ACCOUNT_SUSPENDED", "1710034065", "agente", null, "COUNTER", "192.0.2.10", "SUCCESS", "fraude", prev);
		jdbc.sql("update audit_events set hash = ? where id = 8").param(legacyHash).update();
		jdbc.sql("update audit_head set last_hash = ? where id = 1").param(legacyHash).update();

		assertBrokenAt(8, "a row of the old hash scheme after the new one");
	}

	@Test
	void theOldChainGoesOnAsTheFirstStripeWithPlacesAfterItsIds() {
		audit.record(AuditType.ACCOUNT_UNLOCKED, "1710034065", Outcome.SUCCESS,
				Origin.staff("agente", "CAU Quito Norte", Channel.COUNTER, "192.0.2.10"), null);

		assertThat(jdbc.sql("select id, chain, coalesce(seq, 0), hash_scheme from audit_events order by id")
			.query((rs, n) -> rs.getLong(1) + " " + rs.getInt(2) + " " + rs.getLong(3) + " " + rs.getInt(4)).list())
			.containsExactly("1 1 0 1", "2 1 0 1", "3 1 0 1", "4 1 0 1", "5 1 0 2", "6 1 0 2", "7 1 7 3");
		assertThat(jdbc.sql("select last_seq, last_id from audit_head where id = 1")
			.query((rs, n) -> rs.getLong(1) + " " + rs.getLong(2)).single()).isEqualTo("7 7");
		assertThat(jdbc.sql("select count(*) from audit_head where last_seq = 0 and id between 2 and 32")
			.query(Integer.class).single()).isEqualTo(31);
	}

	@Test
	void anOldRowMovedToAnotherChainOrGivenAPlaceIsABreak() {
		jdbc.sql("update audit_events set seq = 3 where id = 3").update();
		assertBrokenAt(3, "a place in the chain its hash scheme does not have");
		jdbc.sql("update audit_events set seq = null, chain = 2 where id = 3").update();
		assertBrokenAt(3, "a place in the chain its hash scheme does not have");
	}

	@Test
	void deletingTheOldChainsLastRowIsCaughtByTheHead() {
		jdbc.sql("delete from audit_events where id = 6").update();

		assertBrokenAt(6, "the chain's head does not match its last row");
	}

	void assertBrokenAt(long id, String problem) {
		AuditLog.ChainVerification verification = audit.verify();
		assertThat(verification.intact()).isFalse();
		assertThat(verification.brokenAt()).isEqualTo(id);
		assertThat(verification.problem()).isEqualTo(problem);
	}
}
