package ec.gob.iess.clave.captcha;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

import ec.gob.iess.clave.session.Secrets;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The key that signs challenges: {@code clave.captcha.hmac-key} when set, else one made by the first
 * node that needs it and kept in {@code captcha_keys}, so that every node signs and verifies with the
 * same key without any configuration (docs/decisions.md 17). Read once, then kept in memory.
 */
@Component
class CaptchaKeys implements Supplier<String> {

	private static final int ID = 1;

	private final CaptchaSettings settings;
	private final JdbcClient jdbc;
	private final Clock clock;
	private final TransactionTemplate ownTransaction;
	private volatile String key;

	CaptchaKeys(CaptchaSettings settings, JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions) {
		this.settings = settings;
		this.jdbc = jdbc;
		this.clock = clock;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	@Override
	public String get() {
		String known = key;
		if (known == null) {
			known = settings.hmacKey() != null ? settings.hmacKey() : storedOrNew();
			key = known;
		}
		return known;
	}

	private String storedOrNew() {
		return stored().orElseGet(() -> {
			try {
				ownTransaction.executeWithoutResult(status -> jdbc
					.sql("insert into captcha_keys (id, hmac_key, created_at) values (?, ?, ?)")
					.params(ID, Secrets.newToken(), Timestamp.from(clock.instant()))
					.update());
			}
			catch (DuplicateKeyException anotherNodeWasFirst) {
				// its key is the one everybody uses
			}
			return stored().orElseThrow();
		});
	}

	private Optional<String> stored() {
		return ownTransaction.execute(status -> jdbc.sql("select hmac_key from captcha_keys where id = ?")
			.param(ID)
			.query(String.class)
			.optional());
	}
}
