package ec.gob.iess.clave.credential;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The accounts. {@link #lock} takes the row lock that makes failure counting exact across threads and nodes. */
@Repository
class Accounts {

	private final JdbcClient jdbc;
	private final Clock clock;

	Accounts(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	Optional<Account> find(String username) {
		return jdbc.sql("select * from accounts where username = ?").param(username).query(Accounts::account).optional();
	}

	/** Reads the account and holds its row until the transaction ends. */
	Optional<Account> lock(String username) {
		return jdbc.sql("select * from accounts where username = ? for update").param(username).query(Accounts::account)
			.optional();
	}

	/** Creates the account without a clave when it does not exist yet; answers true when it was created. */
	boolean createIfAbsent(String username, AccountKind kind) {
		if (find(username).isPresent()) {
			return false;
		}
		Account account = Account.withoutClave(username, kind);
		jdbc.sql("""
				insert into accounts (username, kind, status, failed_attempts, created_at) values (?, ?, ?, 0, ?)""")
			.params(account.username(), kind.name(), account.status().name(), Timestamp.from(clock.instant()))
			.update();
		return true;
	}

	void update(Account account) {
		jdbc.sql("""
				update accounts set status = ?, password_hash = ?, temporary_expires_at = ?, failed_attempts = ?,
				locked_at = ?, suspended_reason = ?, password_changed_at = ? where username = ?""")
			.params(account.status().name(), account.passwordHash(), timestamp(account.temporaryExpiresAt()),
					account.failedAttempts(), timestamp(account.lockedAt()), account.suspendedReason(),
					timestamp(account.passwordChangedAt()), account.username())
			.update();
	}

	/**
	 * For an unknown account, the same work as {@link #lock} and {@link #update} of a real row: the same
	 * statements on the one row of {@code account_timing_dummy}, whose lock and write cost what the
	 * account's do, so an unknown cédula and a wrong clave take the same time (SECURITY.md 5).
	 */
	Account lockDummy() {
		return jdbc.sql("select * from account_timing_dummy where username = ? for update").param("-")
			.query(Accounts::account).single();
	}

	void updateDummy(Account account) {
		jdbc.sql("""
				update account_timing_dummy set status = ?, password_hash = ?, temporary_expires_at = ?, failed_attempts = ?,
				locked_at = ?, suspended_reason = ?, password_changed_at = ? where username = ?""")
			.params(account.status().name(), account.passwordHash(), timestamp(account.temporaryExpiresAt()),
					account.failedAttempts(), timestamp(account.lockedAt()), account.suspendedReason(),
					timestamp(account.passwordChangedAt()), "-")
			.update();
	}

	/** Replaces the hash only if nobody changed the clave since it was read (rehash on login). */
	boolean replaceHash(String username, String expected, String replacement) {
		return jdbc.sql("update accounts set password_hash = ? where username = ? and password_hash = ?")
			.params(replacement, username, expected)
			.update() == 1;
	}

	private static Timestamp timestamp(Instant instant) {
		return instant == null ? null : Timestamp.from(instant);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return value == null ? null : value.toInstant();
	}

	private static Account account(ResultSet rs, int row) throws SQLException {
		return new Account(rs.getString("username"), AccountKind.valueOf(rs.getString("kind")),
				CredentialStatus.valueOf(rs.getString("status")), rs.getString("password_hash"),
				instant(rs, "temporary_expires_at"), rs.getInt("failed_attempts"), instant(rs, "locked_at"),
				rs.getString("suspended_reason"), instant(rs, "password_changed_at"));
	}
}
