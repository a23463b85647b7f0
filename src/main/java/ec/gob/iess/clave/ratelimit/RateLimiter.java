package ec.gob.iess.clave.ratelimit;

import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
import org.springframework.jdbc.core.JdbcTemplate;
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
	private final JdbcTemplate batches;
	private final Clock clock;
	/** {@code clave.rate-limit.clave-key}: keys the per-clave counter's targets, the same on every node. */
	private final Sealer claveKey;
	private final TransactionTemplate savepoint;
	private final TransactionTemplate ownTransaction;
	private final AuditLog audit;
	/** {@code clave_rate_limited_total{kind}}: refusals, every kind registered at zero so rates start at once. */
	private final EnumMap<LimitKind, Counter> refusals = new EnumMap<>(LimitKind.class);
	private final EnumMap<LimitKind, Setting> settings = new EnumMap<>(LimitKind.class);

	RateLimiter(JdbcClient jdbc, JdbcTemplate batches, Clock clock, Environment environment,
			PlatformTransactionManager transactions, AuditLog audit, MeterRegistry meters, DataKeys keys) {
		this.jdbc = jdbc;
		this.batches = batches;
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
		// Like the sealing keys: configured, or on the embedded database a file beside it; PostgreSQL refuses to
		// start without it, since a key made by each node would count "one clave on many accounts" per node.
		this.claveKey = keys.sealer("clave.rate-limit.clave-key", "rate-limit.key");
		for (LimitKind kind : LimitKind.values()) {
			settings.put(kind, new Setting(environment.getProperty(kind.property() + ".limit", Integer.class, kind.defaultLimit()),
					environment.getProperty(kind.property() + ".window", Duration.class, kind.defaultWindow())));
		}
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

	/** What is counted, against whom: one limit's counter. */
	public record Target(LimitKind kind, String target) {
	}

	/**
	 * The common case of several limits in one transaction: counts a hit on each of {@code hits} (in that
	 * order) and reads every counter once. When no hit goes past its limit and none of {@code clearOf} has
	 * reached its own, the hits commit together and this answers true. Otherwise nothing at all is counted
	 * and it answers false: the caller then takes the step-by-step way ({@link #hit}, {@link #exceeded},
	 * {@link #refuseIfExceeded}), which refuses, audits and counts exactly as it always has. So the counts
	 * are the same either way, and exact across nodes: each hit is still judged under its row's lock.
	 * Rows are always locked in the order given, so two callers with the same order cannot deadlock.
	 */
	public boolean hitAllIfClear(List<Target> hits, List<Target> clearOf) {
		List<Target> all = new ArrayList<>(hits);
		all.addAll(clearOf);
		Map<Target, SlidingWindow> windows = windows(all);
		Boolean clear = ownTransaction.execute(status -> {
			incrementAll(hits, windows);
			Map<Target, long[]> counts = countedAll(windows);
			boolean allClear = hits.stream().noneMatch(c -> windows.get(c).refuses(counts.get(c)[0], counts.get(c)[1]))
					&& clearOf.stream().noneMatch(c -> windows.get(c).reached(counts.get(c)[0], counts.get(c)[1]));
			if (!allClear) {
				status.setRollbackOnly();
			}
			return allClear;
		});
		return Boolean.TRUE.equals(clear);
	}

	/** Counts one hit on each target without ever refusing, in one transaction: {@link #count} for several. */
	public void countAll(List<Target> targets) {
		Map<Target, SlidingWindow> windows = windows(targets);
		ownTransaction.executeWithoutResult(status -> incrementAll(targets, windows));
	}

	/** Each target's window at one instant. */
	private Map<Target, SlidingWindow> windows(List<Target> targets) {
		Instant now = clock.instant();
		Map<Target, SlidingWindow> windows = new HashMap<>();
		for (Target target : targets) {
			windows.put(target, window(target.kind(), now));
		}
		return windows;
	}

	/** One batch of updates (one round trip); a counter that has no row for this window yet is inserted. */
	private void incrementAll(List<Target> hits, Map<Target, SlidingWindow> windows) {
		List<Object[]> rows = hits.stream()
			.map(c -> new Object[] { c.kind().name(), bounded(c.target()), Timestamp.from(windows.get(c).start()) })
			.toList();
		int[] updated = batches.batchUpdate(
				"update rate_limit_counters set hits = hits + 1 where kind = ? and target = ? and window_start = ?", rows);
		for (int i = 0; i < updated.length; i++) {
			if (updated[i] == 0) {
				Target target = hits.get(i);
				increment(target.kind(), target.target(), windows.get(target).start());
			}
		}
	}

	/** This window's and the previous window's hits of every counter, in one query. */
	private Map<Target, long[]> countedAll(Map<Target, SlidingWindow> windows) {
		List<Target> targets = List.copyOf(windows.keySet());
		StringBuilder sql = new StringBuilder("select kind, target, window_start, hits from rate_limit_counters where ");
		List<Object> params = new ArrayList<>();
		Map<String, Target> byKey = new HashMap<>();
		Map<Target, long[]> counts = new HashMap<>();
		for (int i = 0; i < targets.size(); i++) {
			Target target = targets.get(i);
			SlidingWindow window = windows.get(target);
			sql.append(i == 0 ? "" : " or ").append("(kind = ? and target = ? and window_start in (?, ?))");
			params.addAll(List.of(target.kind().name(), bounded(target.target()), Timestamp.from(window.start()),
					Timestamp.from(window.previousStart())));
			byKey.put(target.kind().name() + '\n' + bounded(target.target()), target);
			counts.put(target, new long[2]);
		}
		jdbc.sql(sql.toString()).params(params).query(rs -> {
			Target target = byKey.get(rs.getString(1) + '\n' + rs.getString(2));
			if (target != null) {
				boolean current = rs.getTimestamp(3).toInstant().equals(windows.get(target).start());
				counts.get(target)[current ? 0 : 1] = rs.getLong(4);
			}
		});
		return counts;
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

	/** What is stored of a target: at most 128 characters, and no target as the empty one. */
	private static String bounded(String target) {
		return target == null ? "" : target.length() > 128 ? target.substring(0, 128) : target;
	}

	private void increment(LimitKind kind, String target, Instant windowStart) {
		String bounded = bounded(target);
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
		String bounded = bounded(target);
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
		return window(kind, clock.instant());
	}

	private SlidingWindow window(LimitKind kind, Instant now) {
		Setting setting = settings.get(kind);
		return SlidingWindow.at(now, setting.limit(), setting.length());
	}

	/** A kind's limit and window, read once: looking them up in the environment at every hit showed in the profile. */
	private record Setting(int limit, Duration length) {
	}
}
