package ec.gob.iess.clave.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one audit writer. An event joins the transaction of the change it records, so the two commit
 * or fail together; appends take the chain's head row lock, so they are serial across nodes.
 */
@Service
public class AuditLog {

	private static final int MAX_DETAIL = 500;

	/** Rows fetched from the database at a time while an export streams (PostgreSQL keeps a cursor open). */
	private static final int EXPORT_FETCH_SIZE = 500;

	private final JdbcClient jdbc;
	private final JdbcClient streaming;
	private final Clock clock;

	AuditLog(JdbcClient jdbc, DataSource dataSource, Clock clock) {
		this.jdbc = jdbc;
		JdbcTemplate template = new JdbcTemplate(dataSource);
		template.setFetchSize(EXPORT_FETCH_SIZE);
		this.streaming = JdbcClient.create(template);
		this.clock = clock;
	}

	/**
	 * What the audit search filters by; each {@code null} means "any". {@code from} is inclusive, {@code until}
	 * exclusive.
	 */
	public record AuditQuery(String account, String actor, AuditType type, Instant from, Instant until) {
	}

	/**
	 * One page of the search, newest first, and whether there are newer events (before the first) and older
	 * ones (after the last) under the same filter.
	 */
	public record AuditPage(List<AuditEntry> entries, boolean newer, boolean older) {
	}

	/**
	 * A page of at most {@code size} events under the filter, newest first, by keyset: the events older than
	 * the id {@code olderThan}, or else the ones newer than {@code newerThan}, or else the newest. Each filter
	 * uses an index with the id (account, actor, type; the date range narrows the id order), so a page costs
	 * the same at the start and deep into a large table.
	 */
	@Transactional(readOnly = true)
	public AuditPage page(AuditQuery query, Long olderThan, Long newerThan, int size) {
		int bounded = Math.max(1, Math.min(size, 1000));
		Where where = where(query);
		if (olderThan == null && newerThan != null) {
			where.and("id > ?", newerThan);
			List<AuditEntry> rows = new ArrayList<>(jdbc.sql("select * from audit_events" + where.sql()
					+ " order by id asc fetch first " + (bounded + 1) + " rows only")
				.params(where.params)
				.query(AuditLog::entry)
				.list());
			boolean newer = rows.size() > bounded;
			List<AuditEntry> entries = new ArrayList<>(rows.subList(0, Math.min(bounded, rows.size())));
			Collections.reverse(entries);
			return new AuditPage(entries, newer, true);
		}
		if (olderThan != null) {
			where.and("id < ?", olderThan);
		}
		List<AuditEntry> rows = jdbc.sql("select * from audit_events" + where.sql() + " order by id desc fetch first "
				+ (bounded + 1) + " rows only")
			.params(where.params)
			.query(AuditLog::entry)
			.list();
		return new AuditPage(rows.subList(0, Math.min(bounded, rows.size())), olderThan != null, rows.size() > bounded);
	}

	/**
	 * Every event under the filter, newest first, at most {@code cap}, handed one by one to {@code sink} while
	 * they are read: the export never holds them all in memory.
	 */
	@Transactional(readOnly = true)
	public void export(AuditQuery query, int cap, Consumer<AuditEntry> sink) {
		Where where = where(query);
		int bounded = Math.max(1, cap);
		streaming.sql("select * from audit_events" + where.sql() + " order by id desc fetch first " + bounded + " rows only")
			.params(where.params)
			.query(rs -> {
				sink.accept(entry(rs, 0));
			});
	}

	private static Where where(AuditQuery query) {
		Where where = new Where();
		if (query.account() != null) {
			where.and("account = ?", query.account());
		}
		if (query.actor() != null) {
			where.and("actor = ?", query.actor());
		}
		if (query.type() != null) {
			where.and("type = ?", query.type().name());
		}
		if (query.from() != null) {
			where.and("at >= ?", Timestamp.from(query.from()));
		}
		if (query.until() != null) {
			where.and("at < ?", Timestamp.from(query.until()));
		}
		return where;
	}

	/** The conditions of a search and their parameters, in order. */
	private static final class Where {

		final List<String> conditions = new ArrayList<>();
		final List<Object> params = new ArrayList<>();

		void and(String condition, Object param) {
			conditions.add(condition);
			params.add(param);
		}

		String sql() {
			return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
		}
	}

	@Transactional
	public void record(AuditType type, String account, Outcome outcome, Origin origin, String detail) {
		Head head = jdbc.sql("select last_id, last_hash from audit_head where id = 1 for update")
			.query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
			.single();
		long id = head.lastId + 1;
		// Millisecond precision survives every database's timestamp type, so the hash recomputes exactly.
		Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
		String shortDetail = detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL);
		String hash = AuditEntry.hashOf(AuditEntry.SCHEME, id, at, type.name(), account, origin.actor(), origin.center(),
				origin.channel().name(), origin.ip(), outcome.name(), shortDetail, head.lastHash);
		jdbc.sql("""
				insert into audit_events (id, at, type, account, actor, center, channel, ip, outcome, detail, hash_scheme,
				prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(id, Timestamp.from(at), type.name(), account, origin.actor(), origin.center(), origin.channel().name(),
					origin.ip(), outcome.name(), shortDetail, AuditEntry.SCHEME, head.lastHash, hash)
			.update();
		jdbc.sql("update audit_head set last_id = ?, last_hash = ? where id = 1").params(id, hash).update();
	}

	/** Newest first; {@code account} null means every account. */
	@Transactional(readOnly = true)
	public List<AuditEntry> search(String account, int limit) {
		int bounded = Math.max(1, Math.min(limit, 1000));
		if (account == null) {
			return jdbc.sql("select * from audit_events order by id desc fetch first " + bounded + " rows only")
				.query(AuditLog::entry)
				.list();
		}
		return jdbc.sql("select * from audit_events where account = ? order by id desc fetch first " + bounded + " rows only")
			.param(account)
			.query(AuditLog::entry)
			.list();
	}

	/**
	 * Walks the whole chain in order; the first broken link, if any, is reported. Rows are read as
	 * raw text, so a tampered value that is no longer a known type or channel is reported, not thrown.
	 */
	@Transactional(readOnly = true)
	public ChainVerification verify() {
		ChainWalk walk = new ChainWalk();
		jdbc.sql("select * from audit_events order by id").query(rs -> {
			walk.accept(new StoredRow(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("type"),
					rs.getString("account"), rs.getString("actor"), rs.getString("center"), rs.getString("channel"),
					rs.getString("ip"), rs.getString("outcome"), rs.getString("detail"), rs.getInt("hash_scheme"),
					rs.getString("prev_hash"), rs.getString("hash")));
		});
		Head head = jdbc.sql("select last_id, last_hash from audit_head where id = 1")
			.query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
			.single();
		if (walk.brokenAt == null && (head.lastId != walk.lastId || !head.lastHash.equals(walk.lastHash))) {
			return new ChainVerification(walk.count, head.lastId, "the chain's head does not match its last row");
		}
		return new ChainVerification(walk.count, walk.brokenAt, walk.problem);
	}

	private record StoredRow(long id, Instant at, String type, String account, String actor, String center,
			String channel, String ip, String outcome, String detail, int hashScheme, String previousHash, String hash) {

		String recomputeHash() {
			return AuditEntry.hashOf(hashScheme, id, at, type, account, actor, center, channel, ip, outcome, detail,
					previousHash);
		}
	}

	/** @param brokenAt id of the first bad row, {@code null} when the chain is whole */
	public record ChainVerification(long entries, Long brokenAt, String problem) {

		public boolean intact() {
			return brokenAt == null;
		}
	}

	private static final class ChainWalk {

		long count;
		long lastId;
		String lastHash = "0".repeat(64);
		int lastScheme = AuditEntry.LEGACY_SCHEME;
		Long brokenAt;
		String problem;

		void accept(StoredRow entry) {
			count++;
			if (brokenAt != null) {
				return;
			}
			if (entry.id() != lastId + 1) {
				fail(entry, "row missing before this one");
			}
			else if (!entry.previousHash().equals(lastHash)) {
				fail(entry, "previous hash does not match");
			}
			// A row's scheme is tamper-evident only if no row can step back to the scheme that hashes less.
			else if (entry.hashScheme() != AuditEntry.LEGACY_SCHEME && entry.hashScheme() != AuditEntry.SCHEME) {
				fail(entry, "unknown hash scheme");
			}
			else if (entry.hashScheme() < lastScheme) {
				fail(entry, "a row of the old hash scheme after the new one");
			}
			else if (entry.hashScheme() == AuditEntry.LEGACY_SCHEME && entry.center() != null) {
				fail(entry, "a centre on a row whose hash does not cover it");
			}
			else if (!entry.recomputeHash().equals(entry.hash())) {
				fail(entry, "row content does not match its hash");
			}
			lastId = entry.id();
			lastHash = entry.hash();
			lastScheme = Math.max(lastScheme, entry.hashScheme());
		}

		private void fail(StoredRow entry, String why) {
			brokenAt = entry.id();
			problem = why;
		}
	}

	private static AuditEntry entry(ResultSet rs, int row) throws SQLException {
		return new AuditEntry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), AuditType.valueOf(rs.getString("type")),
				rs.getString("account"), rs.getString("actor"), rs.getString("center"),
				Channel.valueOf(rs.getString("channel")), rs.getString("ip"), Outcome.valueOf(rs.getString("outcome")),
				rs.getString("detail"), rs.getInt("hash_scheme"), rs.getString("prev_hash"), rs.getString("hash"));
	}

	private record Head(long lastId, String lastHash) {
	}
}
