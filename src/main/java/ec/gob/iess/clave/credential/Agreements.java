package ec.gob.iess.clave.credential;

import java.sql.Timestamp;
import java.time.Clock;

import ec.gob.iess.clave.audit.Channel;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The acuerdo de uso de clave: the version in force and who accepted which version, when. */
@Repository
class Agreements {

	private final JdbcClient jdbc;
	private final Clock clock;

	Agreements(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	Agreement current() {
		return jdbc.sql("select version, body from agreements order by version desc fetch first 1 rows only")
			.query((rs, n) -> new Agreement(rs.getInt(1), rs.getString(2)))
			.single();
	}

	void accept(String username, int version, Channel channel) {
		jdbc.sql("insert into agreement_acceptances (username, version, accepted_at, channel) values (?, ?, ?, ?)")
			.params(username, version, Timestamp.from(clock.instant()), channel.name())
			.update();
	}

	/** True when the account has not accepted the version in force. */
	boolean pendingFor(String username) {
		// One query, and not the text of the agreement: this runs at every login.
		return jdbc.sql("""
				select count(*) from agreements where version > (
				  select coalesce(max(version), 0) from agreement_acceptances where username = ?)""")
			.param(username)
			.query(Long.class)
			.single() > 0;
	}
}
