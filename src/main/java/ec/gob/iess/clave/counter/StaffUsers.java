package ec.gob.iess.clave.counter;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class StaffUsers {

	private final JdbcClient jdbc;
	private final StaffTotpSecrets secrets;
	private final Clock clock;

	StaffUsers(JdbcClient jdbc, StaffTotpSecrets secrets, Clock clock) {
		this.jdbc = jdbc;
		this.secrets = secrets;
		this.clock = clock;
	}

	Optional<StaffUser> find(String username) {
		return jdbc.sql("select * from staff_users where username = ?").param(username).query(this::staff).optional();
	}

	Optional<StaffUser> lock(String username) {
		return jdbc.sql("select * from staff_users where username = ? for update").param(username)
			.query(this::staff).optional();
	}

	/**
	 * Every member of staff, by username, as the administrator's list shows them: no secret is opened (one
	 * sealed under another key must not take the whole list down) and no hash is read.
	 */
	List<StaffAdministration.StaffSummary> all() {
		return jdbc.sql("""
				select username, roles, center, disabled_at, totp_confirmed_at, last_login_at from staff_users
				order by username""")
			.query((rs, n) -> new StaffAdministration.StaffSummary(rs.getString("username"), roles(rs.getString("roles")),
					rs.getString("center"), rs.getTimestamp("disabled_at") != null,
					rs.getTimestamp("totp_confirmed_at") != null, instant(rs.getTimestamp("last_login_at"))))
			.list();
	}

	/** Locks the row, without opening the secret (a reset must work on one that no longer opens): whether it exists. */
	boolean lockExisting(String username) {
		return jdbc.sql("select username from staff_users where username = ? for update").param(username)
			.query(String.class).optional().isPresent();
	}

	boolean anyAdministrator() {
		return jdbc.sql("select roles from staff_users").query(String.class).list().stream()
			.anyMatch(roles -> Arrays.asList(roles.split(",")).contains(StaffRole.ADMINISTRADOR.name()));
	}

	void insert(String username, String passwordHash, Set<StaffRole> roles, String center, String totpSecret) {
		jdbc.sql("""
				insert into staff_users (username, password_hash, roles, center, totp_secret, created_at)
				values (?, ?, ?, ?, ?, ?)""")
			.params(username, passwordHash, roles.stream().map(Enum::name).sorted().collect(Collectors.joining(",")), center,
					secrets.seal(username, totpSecret), Timestamp.from(clock.instant()))
			.update();
	}

	void recordSuccess(String username, long totpStep) {
		jdbc.sql("update staff_users set totp_last_step = ?, last_login_at = ? where username = ?")
			.params(totpStep, Timestamp.from(clock.instant()), username)
			.update();
	}

	/** Disables the account (from now, if it was not) or enables it; answers whether anything changed. */
	boolean setDisabled(String username, boolean disabled) {
		String sql = disabled ? "update staff_users set disabled_at = ? where username = ? and disabled_at is null"
				: "update staff_users set disabled_at = null where username = ? and disabled_at is not null";
		var statement = disabled ? jdbc.sql(sql).params(Timestamp.from(clock.instant()), username)
				: jdbc.sql(sql).param(username);
		return statement.update() == 1;
	}

	/** A new secret, not enrolled: the next login to /centro shows its QR code (the old one no longer works). */
	void replaceTotp(String username, String totpSecret) {
		jdbc.sql("update staff_users set totp_secret = ?, totp_last_step = 0, totp_confirmed_at = null where username = ?")
			.params(secrets.seal(username, totpSecret), username)
			.update();
	}

	/** A code from the secret was accepted: the secret is enrolled, and its QR code is never shown again. */
	void confirmTotp(String username) {
		jdbc.sql("update staff_users set totp_confirmed_at = ? where username = ? and totp_confirmed_at is null")
			.params(Timestamp.from(clock.instant()), username)
			.update();
	}

	private StaffUser staff(ResultSet rs, int row) throws SQLException {
		return new StaffUser(rs.getString("username"), rs.getString("password_hash"), roles(rs.getString("roles")),
				rs.getString("center"),
				secrets.open(rs.getString("username"), rs.getString("totp_secret")), rs.getLong("totp_last_step"),
				rs.getTimestamp("totp_confirmed_at") != null, rs.getTimestamp("disabled_at") != null);
	}

	private static Set<StaffRole> roles(String stored) {
		Set<StaffRole> roles = EnumSet.noneOf(StaffRole.class);
		Arrays.stream(stored.split(",")).filter(r -> !r.isBlank()).map(StaffRole::valueOf).forEach(roles::add);
		return roles;
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}
}
