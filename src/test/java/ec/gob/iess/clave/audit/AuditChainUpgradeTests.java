package ec.gob.iess.clave.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database written before V54 (rows hashed without the centre, staff packed as {@code agent@centre})
 * upgrades without rewriting a row: its old rows still verify, new rows hash the centre, and neither
 * scheme can be used to hide a change (decision 85). The old rows are real: {@code audit/legacy-chain.sql}
 * was produced by the hashing code as it was before V54.
 */
class AuditChainUpgradeTests {

	JdbcClient jdbc;
	AuditLog audit;

	@BeforeEach
	void upgradeADatabaseThatHasOldRows() throws IOException {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("51").load().migrate();
		jdbc = JdbcClient.create(dataSource);
		try (InputStream legacy = getClass().getResourceAsStream("/audit/legacy-chain.sql")) {
			for (String statement : new String(legacy.readAllBytes(), StandardCharsets.UTF_8).split(";\n")) {
				String sql = statement.lines().filter(line -> !line.startsWith("--")).reduce("", (a, b) -> a + b).strip();
				if (!sql.isEmpty()) {
					jdbc.sql(sql).update();
				}
			}
		}
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		audit = new AuditLog(jdbc, dataSource, Clock.fixed(Instant.parse("2026-01-05T10:00:00Z"), ZoneOffset.UTC));
	}

	@Test
	void oldRowsKeepTheirSchemeAndVerifyBesideNewOnesThatHashTheCentre() {
		audit.record(AuditType.ACCOUNT_UNLOCKED, "1710034065", Outcome.SUCCESS,
				Origin.staff("agente", "CAU Quito Norte", Channel.COUNTER, "192.0.2.10"), null);

		AuditLog.ChainVerification verification = audit.verify();

		assertThat(verification.intact()).as(verification.problem()).isTrue();
		assertThat(verification.entries()).isEqualTo(5);
		assertThat(jdbc.sql("select hash_scheme, actor, coalesce(center, '-') from audit_events order by id")
			.query((rs, n) -> rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3)).list()).containsExactly(
					"1 agente@CAU Quito Norte -", "1 agente@CAU Quito Norte -", "1 agente@CAU Quito Norte -",
					"1 1710034065 -", "2 agente CAU Quito Norte");
	}

	@Test
	void changingTheCentreOfANewRowBreaksTheChainThere() {
		audit.record(AuditType.ACCOUNT_UNLOCKED, "1710034065", Outcome.SUCCESS,
				Origin.staff("agente", "CAU Quito Norte", Channel.COUNTER, "192.0.2.10"), null);
		jdbc.sql("update audit_events set center = 'CAU Guayaquil Sur' where id = 5").update();

		assertBrokenAt(5, "row content does not match its hash");
	}

	@Test
	void changingAnOldRowStillBreaksTheChainThere() {
		jdbc.sql("update audit_events set actor = 'otro@CAU Quito Norte' where id = 2").update();

		assertBrokenAt(2, "row content does not match its hash");
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
		String prev = jdbc.sql("select prev_hash from audit_events where id = 6").query(String.class).single();
		jdbc.sql("update audit_events set hash_scheme = 1, center = null where id = 6").update();
		String legacyHash = AuditEntry.hashOf(AuditEntry.LEGACY_SCHEME, 6, Instant.parse("2026-01-05T10:00:00Z"),
				"ACCOUNT_SUSPENDED", "1710034065", "agente", null, "COUNTER", "192.0.2.10", "SUCCESS", "fraude", prev);
		jdbc.sql("update audit_events set hash = ? where id = 6").param(legacyHash).update();
		jdbc.sql("update audit_head set last_hash = ? where id = 1").param(legacyHash).update();

		assertBrokenAt(6, "a row of the old hash scheme after the new one");
	}

	void assertBrokenAt(long id, String problem) {
		AuditLog.ChainVerification verification = audit.verify();
		assertThat(verification.intact()).isFalse();
		assertThat(verification.brokenAt()).isEqualTo(id);
		assertThat(verification.problem()).isEqualTo(problem);
	}
}
