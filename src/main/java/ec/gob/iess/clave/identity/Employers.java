package ec.gob.iess.clave.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The employers registered at the counters. */
@Repository
public class Employers {

	private final JdbcClient jdbc;
	private final Clock clock;

	Employers(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public Optional<Employer> find(Ruc ruc) {
		return jdbc.sql("select ruc, legal_name, representative_cedula, email from employers where ruc = ?")
			.param(ruc.value())
			.query((rs, n) -> new Employer(Ruc.parse(rs.getString(1)), rs.getString(2), Cedula.parse(rs.getString(3)),
					StoredAddresses.read(rs.getString(4))))
			.optional();
	}

	/** Inserts or updates; answers true when new. */
	public boolean save(Employer employer) {
		Timestamp now = Timestamp.from(clock.instant());
		int updated = jdbc.sql("""
				update employers set legal_name = ?, representative_cedula = ?, email = ?, updated_at = ? where ruc = ?""")
			.params(employer.legalName(), employer.representative().value(), StoredAddresses.write(employer.email()), now,
					employer.ruc().value())
			.update();
		if (updated == 1) {
			return false;
		}
		jdbc.sql("""
				insert into employers (ruc, legal_name, representative_cedula, email, created_at, updated_at)
				values (?, ?, ?, ?, ?, ?)""")
			.params(employer.ruc().value(), employer.legalName(), employer.representative().value(),
					StoredAddresses.write(employer.email()), now,
					now)
			.update();
		return true;
	}
}
