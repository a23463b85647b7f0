package ec.gob.iess.clave.captcha;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accepted solutions, shared by every node through the database: the challenge is the primary key,
 * so the second insert of one solution fails wherever it is tried.
 */
@Repository
class SpentSolutions {

	private final JdbcClient jdbc;
	private final Clock clock;

	SpentSolutions(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Marks the solution used: {@code false} when it already was. Commits on its own, whatever the
	 * caller's transaction does: a solution spent on a request that is then refused stays spent (and a
	 * failed insert cannot poison the caller's transaction on PostgreSQL).
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public boolean spend(String challenge, Instant expiresAt) {
		try {
			jdbc.sql("insert into captcha_used_solutions (challenge, expires_at) values (?, ?)")
				.params(challenge, Timestamp.from(expiresAt))
				.update();
			return true;
		}
		catch (DuplicateKeyException reused) {
			return false;
		}
	}

	/** A solution past its expiry is refused by its signed salt already; its row is no longer needed. */
	@Transactional
	public int deleteExpired() {
		return jdbc.sql("delete from captcha_used_solutions where expires_at < ?")
			.param(Timestamp.from(clock.instant()))
			.update();
	}
}
