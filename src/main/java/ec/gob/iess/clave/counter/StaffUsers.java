package ec.gob.iess.clave.counter;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
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
		jdbc.sql("update staff_users set totp_last_step = ? where username = ?")
			.params(totpStep, username)
			.update();
	}

	/** A code from the secret was accepted: the secret is enrolled, and its QR code is never shown again. */
	void confirmTotp(String username) {
		jdbc.sql("update staff_users set totp_confirmed_at = ? where username = ? and totp_confirmed_at is null")
			.params(Timestamp.from(clock.instant()), username)
			.update();
	}

	private StaffUser staff(ResultSet rs, int row) throws SQLException {
		Set<StaffRole> roles = EnumSet.noneOf(StaffRole.class);
		Arrays.stream(rs.getString("roles").split(",")).filter(r -> !r.isBlank()).map(StaffRole::valueOf)
			.forEach(roles::add);
		return new StaffUser(rs.getString("username"), rs.getString("password_hash"), roles, rs.getString("center"),
				secrets.open(rs.getString("username"), rs.getString("totp_secret")), rs.getLong("totp_last_step"),
				rs.getTimestamp("totp_confirmed_at") != null);
	}
}
