package ec.gob.iess.clave.ratelimit;

import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.keys.DataKeys;
import ec.gob.iess.clave.keys.Sealer;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.core.env.Environment;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sliding-window counters in the database. The estimate for a (kind, target) is this window's hits
 * plus the previous window's, weighted by how much of it still overlaps the sliding window; a hit
 * over the limit is refused with 429 RATE_LIMITED and a Retry-After. Each hit is its own
 * transaction, apart from the caller's; a refused hit rolls its own count back, so exactly
 * {@code limit} hits pass however many arrive at once, and hammering does not extend the block.
 */
@Service
public class RateLimiter {

	private final JdbcClient jdbc;
	private final Clock clock;
	private final Environment environment;
	/** {@code clave.rate-limit.clave-key}: keys the per-clave counter's targets, the same on every node. */
	private final Sealer claveKey;
	private final TransactionTemplate savepoint;
	private final TransactionTemplate ownTransaction;
	private final AuditLog audit;
	/** {@code clave_rate_limited_total{kind}}: refusals, every kind registered at zero so rates start at once. */
	private final EnumMap<LimitKind, Counter> refusals = new EnumMap<>(LimitKind.class);

	RateLimiter(JdbcClient jdbc, Clock clock, Environment environment, PlatformTransactionManager transactions,
			AuditLog audit, MeterRegistry meters, DataKeys keys) {
		this.jdbc = jdbc;
		this.audit = audit;
		for (LimitKind kind : LimitKind.values()) {
			refusals.put(kind, Counter.builder("clave.rate.limited")
				.tag("kind", kind.name().toLowerCase(Locale.ROOT))
				.description("Requests refused by a rate limit")
				.register(meters));
		}
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
		this.clock = clock;
		this.environment = environment;
		// Like the sealing keys: configured, or on the embedded database a file beside it; PostgreSQL refuses to
		// start without it, since a key made by each node would count "one clave on many accounts" per node.
		this.claveKey = keys.sealer("clave.rate-limit.clave-key", "rate-limit.key");
	}

	/**
	 * Counts one hit; over the limit, the hit is taken back, the refusal audited (RATE_LIMITED) and
	 * 429 RATE_LIMITED thrown with the seconds to wait.
	 *
	 * @param account the account concerned, for the audit; {@code null} when the target is a source
	 */
	public void hit(LimitKind kind, String target, String account, Origin origin) {
		SlidingWindow window = window(kind);
		Boolean allowed = ownTransaction.execute(status -> {
			increment(kind, target, window.start());
			if (counted(kind, target, window, window::refuses)) {
				status.setRollbackOnly();
				return false;
			}
			return true;
		});
		if (!Boolean.TRUE.equals(allowed)) {
			throw refused(kind, window, account, origin);
		}
	}

	/** Counts one hit without ever refusing: for what is judged later ({@link #exceeded}). */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void count(LimitKind kind, String target) {
		increment(kind, target, window(kind).start());
	}

	/** True when the target has reached its limit, without counting. */
	@Transactional(readOnly = true)
	public boolean exceeded(LimitKind kind, String target) {
		SlidingWindow window = window(kind);
		return counted(kind, target, window, window::reached);
	}

	/**
	 * The target's hits in the sliding windows of several kinds, added up (rounded down), without
	 * counting: how busy a source has recently been, for what adapts to it rather than refuses.
	 */
	@Transactional(readOnly = true)
	public long recent(String target, LimitKind... kinds) {
		double total = 0;
		for (LimitKind kind : kinds) {
			SlidingWindow window = window(kind);
			total += counted(kind, target, window, window::estimate);
		}
		return (long) Math.floor(total);
	}

	/**
	 * Refuses like {@link #hit} once the target has reached its limit, without counting: for limits
	 * counted elsewhere with {@link #count} (failures), judged before the next attempt.
	 */
	public void refuseIfExceeded(LimitKind kind, String target, String account, Origin origin) {
		if (!exceeded(kind, target)) {
			return;
		}
		throw refused(kind, window(kind), account, origin);
	}

	/** Audits and counts the refusal; the caller throws what this answers. */
	private Refusal refused(LimitKind kind, SlidingWindow window, String account, Origin origin) {
		ownTransaction.executeWithoutResult(status -> audit.record(AuditType.RATE_LIMITED, account, Outcome.FAILURE,
				origin, kind.name()));
		refusals.get(kind).increment();
		return new Refusal(RefusalCode.RATE_LIMITED, List.of(), window.retryAfterSeconds());
	}

	/**
	 * The target under which a clave is counted: an HMAC with a key that is not in the database, so
	 * the counters never hold anything a dictionary could turn back into a clave.
	 */
	public String claveTarget(String clave) {
		String normalised = Normalizer.normalize(clave == null ? "" : clave, Normalizer.Form.NFKC);
		return HexFormat.of().formatHex(claveKey.keyedHash("login clave", normalised), 0, 16);
	}

	@Scheduled(fixedDelayString = "PT5M")
	@Transactional
	public void forgetOldWindows() {
		Duration longest = Duration.ZERO;
		for (LimitKind kind : LimitKind.values()) {
			Duration window = window(kind).length();
			longest = window.compareTo(longest) > 0 ? window : longest;
		}
		jdbc.sql("delete from rate_limit_counters where window_start < ?")
			.param(Timestamp.from(clock.instant().minus(longest.multipliedBy(2))))
			.update();
	}

	private void increment(LimitKind kind, String target, Instant windowStart) {
		String bounded = target == null ? "" : target.length() > 128 ? target.substring(0, 128) : target;
		for (int attempt = 0; attempt < 3; attempt++) {
			int updated = jdbc.sql("""
					update rate_limit_counters set hits = hits + 1 where kind = ? and target = ? and window_start = ?""")
				.params(kind.name(), bounded, Timestamp.from(windowStart))
				.update();
			if (updated == 1) {
				return;
			}
			try {
				// Under a savepoint: on PostgreSQL a failed insert would otherwise abort the whole transaction.
				savepoint.executeWithoutResult(status -> jdbc
					.sql("insert into rate_limit_counters (kind, target, window_start, hits) values (?, ?, ?, 1)")
					.params(kind.name(), bounded, Timestamp.from(windowStart))
					.update());
				return;
			}
			catch (DuplicateKeyException raced) {
				// another node inserted the row first: count on it
			}
		}
	}

	/** Reads this window's and the previous window's counts of the target and judges them. */
	private <T> T counted(LimitKind kind, String target, SlidingWindow window, Judgement<T> judgement) {
		String bounded = target == null ? "" : target.length() > 128 ? target.substring(0, 128) : target;
		List<long[]> rows = jdbc.sql("""
				select window_start, hits from rate_limit_counters
				where kind = ? and target = ? and window_start in (?, ?)""")
			.params(kind.name(), bounded, Timestamp.from(window.start()), Timestamp.from(window.previousStart()))
			.query((rs, n) -> new long[] { rs.getTimestamp(1).toInstant().toEpochMilli(), rs.getLong(2) })
			.list();
		long current = 0;
		long previous = 0;
		for (long[] row : rows) {
			if (row[0] == window.start().toEpochMilli()) {
				current = row[1];
			}
			else {
				previous = row[1];
			}
		}
		return judgement.of(current, previous);
	}

	private interface Judgement<T> {
		T of(long currentHits, long previousHits);
	}

	private SlidingWindow window(LimitKind kind) {
		int limit = environment.getProperty(kind.property() + ".limit", Integer.class, kind.defaultLimit());
		Duration length = environment.getProperty(kind.property() + ".window", Duration.class, kind.defaultWindow());
		return SlidingWindow.at(clock.instant(), limit, length);
	}
}
