package ec.gob.iess.clave.session;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The signing keys that every node must share when none is configured: the first node that needs the key
 * of a purpose inserts one ({@link Secrets#newToken()}, 256 bits) into {@code server_keys}, the others read
 * it (a concurrent insert loses on the primary key and reads the winner's). Read once, then kept in memory
 * (docs/decisions.md 17). A module whose key may be configured asks here only when it is not.
 */
@Component
public class ServerKeys {

	private final JdbcClient jdbc;
	private final Clock clock;
	private final TransactionTemplate ownTransaction;
	private final Map<String, String> known = new ConcurrentHashMap<>();

	ServerKeys(JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/** The key of a purpose ({@code captcha}, {@code csrf}): one per purpose, so no key signs two kinds of thing. */
	public String key(String purpose) {
		if (purpose == null || !purpose.matches("[a-z][a-z-]{0,39}")) {
			throw new IllegalArgumentException("a key purpose is a short lower-case name");
		}
		return known.computeIfAbsent(purpose, this::storedOrNew);
	}

	private String storedOrNew(String purpose) {
		return stored(purpose).orElseGet(() -> {
			try {
				ownTransaction.executeWithoutResult(status -> jdbc
					.sql("insert into server_keys (purpose, secret, created_at) values (?, ?, ?)")
					.params(purpose, Secrets.newToken(), Timestamp.from(clock.instant()))
					.update());
			}
			catch (DuplicateKeyException anotherNodeWasFirst) {
				// its key is the one everybody uses
			}
			return stored(purpose).orElseThrow();
		});
	}

	private Optional<String> stored(String purpose) {
		return ownTransaction.execute(status -> jdbc.sql("select secret from server_keys where purpose = ?")
			.param(purpose)
			.query(String.class)
			.optional());
	}
}
