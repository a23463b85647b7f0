package ec.gob.iess.clave.device;

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
 * The key that signs device tokens: {@code clave.device.hmac-key} when set, else one made by the first
 * node and kept in {@code device_keys}, the way {@code captcha.CaptchaKeys} keeps the captcha's
 * (docs/decisions.md 17): every node verifies what any node issued, without configuration.
 */
@Component
class DeviceKeys implements Supplier<String> {

	private static final int ID = 1;

	private final DeviceSettings settings;
	private final JdbcClient jdbc;
	private final Clock clock;
	private final TransactionTemplate ownTransaction;
	private volatile String key;

	DeviceKeys(DeviceSettings settings, JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions) {
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
			known = settings.hmacKey() != null && !settings.hmacKey().isBlank() ? settings.hmacKey() : storedOrNew();
			key = known;
		}
		return known;
	}

	private String storedOrNew() {
		return stored().orElseGet(() -> {
			try {
				ownTransaction.executeWithoutResult(status -> jdbc
					.sql("insert into device_keys (id, hmac_key, created_at) values (?, ?, ?)")
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
		return ownTransaction.execute(status -> jdbc.sql("select hmac_key from device_keys where id = ?")
			.param(ID)
			.query(String.class)
			.optional());
	}
}
