package ec.gob.iess.clave.counter;

import ec.gob.iess.clave.keys.DataKeys;
import ec.gob.iess.clave.keys.Sealer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * TOTP secrets are sealed at rest with {@code clave.staff.totp-key} (AES-256-GCM, bound to the
 * username): whoever reads the database — a backup, a replica, an injection — cannot mint staff codes.
 * At start, secrets still in plain text (written before this, or by an older node) are sealed; until
 * then they are read as they are, so a rolling upgrade does not lock staff out.
 */
@Component
@Order(0)
class StaffTotpSecrets implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(StaffTotpSecrets.class);

	private final Sealer sealer;
	private final JdbcClient jdbc;

	StaffTotpSecrets(DataKeys keys, JdbcClient jdbc) {
		this.sealer = keys.sealer("clave.staff.totp-key", "totp.key");
		this.jdbc = jdbc;
	}

	String seal(String username, String secret) {
		return sealer.seal(secret, context(username));
	}

	String open(String username, String stored) {
		return Sealer.isSealed(stored) ? sealer.open(stored, context(username)) : stored;
	}

	@Override
	public void run(ApplicationArguments args) {
		sealPlainSecrets();
	}

	/** Seals every plain secret; the conditional update leaves a row another node sealed meanwhile alone. */
	int sealPlainSecrets() {
		var plain = jdbc.sql("select username, totp_secret from staff_users where totp_secret not like 'v1:%'")
			.query((rs, n) -> new String[] { rs.getString(1), rs.getString(2) })
			.list();
		int sealed = 0;
		for (String[] row : plain) {
			sealed += jdbc.sql("update staff_users set totp_secret = ? where username = ? and totp_secret = ?")
				.params(seal(row[0], row[1]), row[0], row[1])
				.update();
		}
		if (sealed > 0) {
			log.info("Sealed {} staff TOTP secret(s) stored in plain text", sealed);
		}
		return sealed;
	}

	private static String context(String username) {
		return "staff_users.totp_secret:" + username;
	}
}
