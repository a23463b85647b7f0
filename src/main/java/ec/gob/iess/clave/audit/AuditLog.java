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
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The one audit writer. An event joins the transaction of the change it records, so the two commit
 * or fail together. The log is {@link #STRIPES} hash chains appended side by side: an append locks the
 * head of a stripe no other transaction holds, so nodes append concurrently; ids come from one sequence,
 * so the log reads in time order across chains (decision 149).
 */
@Service
public class AuditLog {

	private static final int MAX_DETAIL = 500;

	/** Rows fetched from the database at a time while an export or the verify streams (PostgreSQL keeps a cursor open). */
	private static final int STREAM_FETCH_SIZE = 500;

	/** The chains appended side by side: as many as V83 made heads for (decision 149). */
	static final int STRIPES = 32;

	private static final String GENESIS = "0".repeat(64);

	private static final String HEAD_COLUMNS = "id, last_seq, last_id, last_hash";

	private final JdbcClient jdbc;
	private final JdbcClient streaming;
	private final Clock clock;

	/** This log's key for the stripe held by the current transaction. */
	private final Object stripeKey = new Object();

	AuditLog(JdbcClient jdbc, DataSource dataSource, Clock clock) {
		this.jdbc = jdbc;
		JdbcTemplate template = new JdbcTemplate(dataSource);
		template.setFetchSize(STREAM_FETCH_SIZE);
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

	/**
	 * Appends one event to the log, in the caller's transaction. It takes the head of a stripe no other
	 * transaction holds ({@code skip locked}), or the one this transaction already holds, so that the events
	 * of one change stay together in one chain; only when every stripe is taken does it wait, for one chosen
	 * at random. The id is drawn after the stripe is locked, so within a chain ids rise with the place.
	 */
	@Transactional
	public void record(AuditType type, String account, Outcome outcome, Origin origin, String detail) {
		Head head = lockStripe();
		long id = jdbc.sql("select nextval('audit_event_ids') + base from audit_event_id_base").query(Long.class).single();
		long seq = head.lastSeq + 1;
		// Millisecond precision survives every database's timestamp type, so the hash recomputes exactly.
		Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
		String shortDetail = detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL);
		String hash = AuditEntry.hashOf(AuditEntry.SCHEME, head.chain, seq, id, at, type.name(), account, origin.actor(),
				origin.center(), origin.channel().name(), origin.ip(), outcome.name(), shortDetail, head.lastHash);
		jdbc.sql("""
				insert into audit_events (id, chain, seq, at, type, account, actor, center, channel, ip, outcome, detail,
				hash_scheme, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(id, head.chain, seq, Timestamp.from(at), type.name(), account, origin.actor(), origin.center(),
					origin.channel().name(), origin.ip(), outcome.name(), shortDetail, AuditEntry.SCHEME, head.lastHash,
					hash)
			.update();
		jdbc.sql("update audit_head set last_id = ?, last_seq = ?, last_hash = ? where id = ?")
			.params(id, seq, hash, head.chain)
			.update();
	}

	private Head lockStripe() {
		StripeHeld held = (StripeHeld) TransactionSynchronizationManager.getResource(stripeKey);
		if (held != null) {
			return lockHead(held.chain);
		}
		Head head = jdbc.sql("select " + HEAD_COLUMNS + " from audit_head order by id fetch first 1 rows only"
				+ " for update skip locked")
			.query(AuditLog::head)
			.optional()
			.orElseGet(() -> lockHead(1 + ThreadLocalRandom.current().nextInt(STRIPES)));
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			StripeHeld holding = new StripeHeld(head.chain);
			TransactionSynchronizationManager.bindResource(stripeKey, holding);
			TransactionSynchronizationManager.registerSynchronization(holding);
		}
		return head;
	}

	private Head lockHead(int chain) {
		return jdbc.sql("select " + HEAD_COLUMNS + " from audit_head where id = ? for update")
			.param(chain)
			.query(AuditLog::head)
			.single();
	}

	/**
	 * The stripe this transaction holds until it ends. A transaction suspended for another one
	 * ({@code REQUIRES_NEW}) takes its stripe along, so the inner one never waits for its own outer one.
	 */
	private final class StripeHeld implements TransactionSynchronization {

		final int chain;

		StripeHeld(int chain) {
			this.chain = chain;
		}

		@Override
		public void suspend() {
			TransactionSynchronizationManager.unbindResourceIfPossible(stripeKey);
		}

		@Override
		public void resume() {
			TransactionSynchronizationManager.bindResource(stripeKey, this);
		}

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResourceIfPossible(stripeKey);
		}
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
	 * Walks the whole log once, in id order, reading it as a stream (the fetch size keeps PostgreSQL's cursor
	 * open inside this read-only transaction; memory holds one head per stripe, never the log). Every row must
	 * be the next place of its chain, name the previous row's hash there and hash to its own; the first bad
	 * row, if any, is reported. The heads are read first, so rows appended while the walk runs extend their
	 * chains and are no break; a head that no row reaches or matches is. Rows are read as raw text, so a
	 * tampered value that is no longer a known type or channel is reported, not thrown.
	 */
	@Transactional(readOnly = true)
	public ChainVerification verify() {
		List<Head> heads = jdbc.sql("select " + HEAD_COLUMNS + " from audit_head order by id").query(AuditLog::head).list();
		if (heads.size() != STRIPES || heads.stream().anyMatch(head -> head.chain < 1 || head.chain > STRIPES)) {
			return new ChainVerification(0, 0L, "the heads are not those of the " + STRIPES + " chains");
		}
		ChainWalk walk = new ChainWalk(heads);
		streaming.sql("select * from audit_events order by id").query(rs -> {
			long seq = rs.getLong("seq");
			Long place = rs.wasNull() ? null : seq;
			walk.accept(new StoredRow(rs.getLong("id"), rs.getInt("chain"), place,
					rs.getTimestamp("at").toInstant(), rs.getString("type"), rs.getString("account"), rs.getString("actor"),
					rs.getString("center"), rs.getString("channel"), rs.getString("ip"), rs.getString("outcome"),
					rs.getString("detail"), rs.getInt("hash_scheme"), rs.getString("prev_hash"), rs.getString("hash")));
		});
		return walk.result();
	}

	/** @param seq the place in the chain as stored: {@code null} on rows older than scheme 3, placed by their id */
	private record StoredRow(long id, int chain, Long seq, Instant at, String type, String account, String actor,
			String center, String channel, String ip, String outcome, String detail, int hashScheme, String previousHash,
			String hash) {

		long place() {
			return hashScheme < AuditEntry.SCHEME ? id : seq;
		}

		String recomputeHash() {
			return AuditEntry.hashOf(hashScheme, chain, place(), id, at, type, account, actor, center, channel, ip,
					outcome, detail, previousHash);
		}
	}

	/** @param brokenAt id of the first bad row, {@code null} when the chain is whole */
	public record ChainVerification(long entries, Long brokenAt, String problem) {

		public boolean intact() {
			return brokenAt == null;
		}
	}

	/** Where the walk stands in each chain: its last place and hash, and the head read before the walk. */
	private static final class ChainWalk {

		final Head[] heads = new Head[STRIPES + 1];
		final long[] place = new long[STRIPES + 1];
		final String[] lastHash = new String[STRIPES + 1];
		final int[] lastScheme = new int[STRIPES + 1];
		long count;
		Long brokenAt;
		String problem;

		ChainWalk(List<Head> read) {
			for (Head head : read) {
				heads[head.chain] = head;
				lastHash[head.chain] = GENESIS;
				lastScheme[head.chain] = AuditEntry.LEGACY_SCHEME;
			}
		}

		void accept(StoredRow entry) {
			count++;
			if (brokenAt != null) {
				return;
			}
			int chain = entry.chain();
			if (chain < 1 || chain > STRIPES) {
				fail(entry.id(), "a chain that does not exist");
				return;
			}
			// A row's scheme is tamper-evident only if no row can step back to a scheme that hashes less.
			if (entry.hashScheme() < AuditEntry.LEGACY_SCHEME || entry.hashScheme() > AuditEntry.SCHEME) {
				fail(entry.id(), "unknown hash scheme");
			}
			else if (entry.hashScheme() < lastScheme[chain]) {
				fail(entry.id(), "a row of the old hash scheme after the new one");
			}
			// Older rows are placed by their id, and only at the start of chain 1, where V83 found them.
			else if (entry.hashScheme() < AuditEntry.SCHEME ? chain != 1 || entry.seq() != null : entry.seq() == null) {
				fail(entry.id(), "a place in the chain its hash scheme does not have");
			}
			else if (entry.place() != place[chain] + 1) {
				fail(entry.id(), "row missing before this one");
			}
			else if (!entry.previousHash().equals(lastHash[chain])) {
				fail(entry.id(), "previous hash does not match");
			}
			else if (entry.hashScheme() == AuditEntry.LEGACY_SCHEME && entry.center() != null) {
				fail(entry.id(), "a centre on a row whose hash does not cover it");
			}
			else if (!entry.recomputeHash().equals(entry.hash())) {
				fail(entry.id(), "row content does not match its hash");
			}
			else if (entry.place() == heads[chain].lastSeq && !entry.hash().equals(heads[chain].lastHash)) {
				fail(entry.id(), "the chain's head does not match its last row");
			}
			if (brokenAt == null) {
				place[chain] = entry.place();
				lastHash[chain] = entry.hash();
				lastScheme[chain] = entry.hashScheme();
			}
		}

		/** A chain that ends before its head's place has lost its tail: reported at the id the head names. */
		ChainVerification result() {
			for (int chain = 1; brokenAt == null && chain <= STRIPES; chain++) {
				if (place[chain] < heads[chain].lastSeq) {
					fail(heads[chain].lastId, "the chain's head does not match its last row");
				}
			}
			return new ChainVerification(count, brokenAt, problem);
		}

		private void fail(long id, String why) {
			brokenAt = id;
			problem = why;
		}
	}

	private static AuditEntry entry(ResultSet rs, int row) throws SQLException {
		return new AuditEntry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), AuditType.valueOf(rs.getString("type")),
				rs.getString("account"), rs.getString("actor"), rs.getString("center"),
				Channel.valueOf(rs.getString("channel")), rs.getString("ip"), Outcome.valueOf(rs.getString("outcome")),
				rs.getString("detail"), rs.getInt("hash_scheme"), rs.getString("prev_hash"), rs.getString("hash"));
	}

	private static Head head(ResultSet rs, int row) throws SQLException {
		return new Head(rs.getInt("id"), rs.getLong("last_seq"), rs.getLong("last_id"), rs.getString("last_hash"));
	}

	/** A stripe's head: its chain, the last place taken, and the id and hash of the row there. */
	private record Head(int chain, long lastSeq, long lastId, String lastHash) {
	}
}
