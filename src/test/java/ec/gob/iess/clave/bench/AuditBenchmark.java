package ec.gob.iess.clave.bench;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Channel;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit benchmark (bench/audit.sh, docs/performance.md). A measurement, not a test.
 *
 * <p>{@code append}: "nodes" are separate connection pools on one PostgreSQL, each with its own instance of
 * the real {@link AuditLog} and its own transaction manager, in this one JVM: every append is one transaction
 * of its own (begin, {@code record}, commit), as a login failure's audit is. Prints appends/s and p50/p99 for
 * each run of {@code nodes × threads}, then verifies the chain. Run it on a database migrated only to an
 * older version ({@code --target=78}) with the old {@code AuditLog} classes first on the class path, and it
 * measures the single-head log the same way.
 *
 * <p>{@code fill}: writes {@code --rows} rows with valid hashes straight into the log, dealt round the stripes
 * in id order as concurrent appends would leave them, and moves the heads, for {@code audit verify} to walk.
 */
public final class AuditBenchmark {

	private AuditBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			String[] pair = arg.replaceFirst("^--", "").split("=", 2);
			options.put(pair[0], pair.length > 1 ? pair[1] : "true");
		}
		((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
			.setLevel(ch.qos.logback.classic.Level.WARN);
		String url = database(options.get("url"), options.getOrDefault("database", "clave"),
				!options.containsKey("verify"));
		String target = options.getOrDefault("target", "latest");
		Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration").target(target).load()
			.migrate();
		if (options.containsKey("fill")) {
			fill(url, Long.parseLong(options.get("fill")));
			return;
		}
		try (Connection connection = java.sql.DriverManager.getConnection(url, "postgres", "");
				var statement = connection.createStatement();
				var settings = statement.executeQuery("select current_setting('fsync'), current_setting('synchronous_commit'),"
						+ " current_setting('server_version')")) {
			settings.next();
			System.out.printf("PostgreSQL %s, fsync %s, synchronous_commit %s%n", settings.getString(3),
					settings.getString(1), settings.getString(2));
		}
		if (options.containsKey("verify")) {
			verify(url, !options.containsKey("autocommit"));
			return;
		}
		int seconds = Integer.parseInt(options.getOrDefault("duration", "10"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "3"));
		System.out.printf("%-6s %-8s %12s %9s %9s%n", "nodes", "threads", "appends/s", "p50 ms", "p99 ms");
		for (String run : options.getOrDefault("runs", "1x1,1x4,2x4").split(",")) {
			String[] shape = run.split("x");
			append(url, Integer.parseInt(shape[0]), Integer.parseInt(shape[1]), warmup, seconds);
		}
		verify(url, true);
	}

	/**
	 * The walk alone, in a read-only transaction as the application runs it (or, with {@code --autocommit}, as
	 * a caller without one would: then the driver reads the whole result before the first row).
	 */
	static void verify(String url, boolean inTransaction) throws Exception {
		try (HikariDataSource pool = pool(url, 2)) {
			Node node = node(pool);
			TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(pool));
			readOnly.setReadOnly(true);
			long started = System.nanoTime();
			AuditLog.ChainVerification verification = inTransaction ? readOnly.execute(status -> node.log().verify())
					: node.log().verify();
			double seconds = (System.nanoTime() - started) / 1e9;
			Runtime runtime = Runtime.getRuntime();
			System.out.printf("verify: %s, %d rows in %.1f s (%.0f rows/s), heap max %d MiB%n",
					verification.intact() ? "intact" : "BROKEN at " + verification.brokenAt() + ": " + verification.problem(),
					verification.entries(), seconds, verification.entries() / seconds, runtime.maxMemory() >> 20);
		}
	}

	/** The URL of the database of that name on the same server; made afresh when asked, so a run starts empty. */
	static String database(String url, String name, boolean fresh) throws Exception {
		if (!name.matches("[a-z_]+")) {
			throw new IllegalArgumentException("database name " + name);
		}
		if (!fresh) {
			return url.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
		}
		try (Connection admin = java.sql.DriverManager.getConnection(
				url.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1postgres"), "postgres", "");
				var statement = admin.createStatement()) {
			statement.execute("drop database if exists " + name);
			statement.execute("create database " + name);
		}
		return url.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
	}

	/** One node: the real audit writer on its own pool, called in a transaction of its own. */
	record Node(AuditLog log, TransactionTemplate transactions) {

		void append(Origin origin) {
			transactions.executeWithoutResult(status -> log.record(AuditType.LOGIN_FAILED, null, Outcome.FAILURE, origin,
					"bench"));
		}
	}

	static Node node(DataSource pool) throws ReflectiveOperationException {
		Constructor<AuditLog> constructor = AuditLog.class.getDeclaredConstructor(JdbcClient.class, DataSource.class,
				Clock.class);
		constructor.setAccessible(true);
		AuditLog log = constructor.newInstance(JdbcClient.create(pool), pool, Clock.systemUTC());
		return new Node(log, new TransactionTemplate(new DataSourceTransactionManager(pool)));
	}

	static HikariDataSource pool(String url, int size) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername("postgres");
		config.setPassword("");
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(size);
		return new HikariDataSource(config);
	}

	static void append(String url, int nodes, int threads, int warmup, int seconds) throws Exception {
		List<HikariDataSource> pools = new ArrayList<>();
		ExecutorService workers = Executors.newFixedThreadPool(nodes * threads);
		try {
			List<Node> running = new ArrayList<>();
			for (int n = 0; n < nodes; n++) {
				HikariDataSource pool = pool(url, threads);
				pools.add(pool);
				running.add(node(pool));
			}
			AtomicBoolean measuring = new AtomicBoolean();
			AtomicBoolean stop = new AtomicBoolean();
			CountDownLatch started = new CountDownLatch(nodes * threads);
			List<Future<long[]>> samples = new ArrayList<>();
			for (int n = 0; n < nodes; n++) {
				Node node = running.get(n);
				for (int t = 0; t < threads; t++) {
					Origin origin = new Origin(Origin.ANONYMOUS, Channel.API, "192.0.2." + (n * threads + t + 1));
					samples.add(workers.submit(() -> {
						long[] micros = new long[1 << 20];
						int count = 0;
						started.countDown();
						while (!stop.get()) {
							long begun = System.nanoTime();
							node.append(origin);
							if (measuring.get() && count < micros.length) {
								micros[count++] = (System.nanoTime() - begun) / 1000;
							}
						}
						return Arrays.copyOf(micros, count);
					}));
				}
			}
			started.await();
			Thread.sleep(warmup * 1000L);
			measuring.set(true);
			long begun = System.nanoTime();
			Thread.sleep(seconds * 1000L);
			measuring.set(false);
			double elapsed = (System.nanoTime() - begun) / 1e9;
			stop.set(true);
			long[] all = new long[0];
			for (Future<long[]> sample : samples) {
				long[] some = sample.get();
				long[] joined = Arrays.copyOf(all, all.length + some.length);
				System.arraycopy(some, 0, joined, all.length, some.length);
				all = joined;
			}
			Arrays.sort(all);
			System.out.printf("%-6d %-8d %12.0f %9.2f %9.2f%n", nodes, threads, all.length / elapsed,
					percentile(all, 0.50) / 1000.0, percentile(all, 0.99) / 1000.0);
		}
		finally {
			workers.shutdownNow();
			pools.forEach(HikariDataSource::close);
		}
	}

	static long percentile(long[] sorted, double p) {
		return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
	}

	/** Rows dealt round the stripes in id order, each hashed as {@code AuditLog.record} hashes it. */
	static void fill(String url, long rows) throws Exception {
		Class<?> entry = Class.forName("ec.gob.iess.clave.audit.AuditEntry");
		Method hashOf = entry.getDeclaredMethod("hashOf", int.class, int.class, long.class, long.class, Instant.class,
				String.class, String.class, String.class, String.class, String.class, String.class, String.class,
				String.class, String.class);
		hashOf.setAccessible(true);
		var schemeField = entry.getDeclaredField("SCHEME");
		schemeField.setAccessible(true);
		int scheme = schemeField.getInt(null);
		var stripesField = AuditLog.class.getDeclaredField("STRIPES");
		stripesField.setAccessible(true);
		int stripes = stripesField.getInt(null);
		long started = System.nanoTime();
		try (HikariDataSource pool = pool(url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true", 1);
				Connection connection = pool.getConnection()) {
			connection.setAutoCommit(false);
			long base;
			try (var statement = connection.createStatement();
					var result = statement.executeQuery("select coalesce(max(id), 0) from audit_events")) {
				result.next();
				base = result.getLong(1);
			}
			if (base != 0) {
				throw new IllegalStateException("fill expects an empty log, found ids up to " + base);
			}
			long[] seq = new long[stripes + 1];
			long[] lastId = new long[stripes + 1];
			String[] last = new String[stripes + 1];
			Arrays.fill(last, "0".repeat(64));
			Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
			try (PreparedStatement insert = connection.prepareStatement("""
					insert into audit_events (id, chain, seq, at, type, account, actor, center, channel, ip, outcome, detail,
					hash_scheme, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, ?, ?, ?, ?)""")) {
				for (long id = 1; id <= rows; id++) {
					int chain = (int) (1 + (id * 7919) % stripes);
					long place = ++seq[chain];
					Instant when = at.plusMillis(id);
					String account = Long.toString(1_700_000_000L + id % 5_000_000L);
					String detail = "bench fill " + id;
					String hash = (String) hashOf.invoke(null, scheme, chain, place, id, when, "LOGIN_FAILED", account,
							account, null, "WEB", "192.0.2.1", "FAILURE", detail, last[chain]);
					insert.setLong(1, id);
					insert.setInt(2, chain);
					insert.setLong(3, place);
					insert.setTimestamp(4, Timestamp.from(when));
					insert.setString(5, "LOGIN_FAILED");
					insert.setString(6, account);
					insert.setString(7, account);
					insert.setString(8, "WEB");
					insert.setString(9, "192.0.2.1");
					insert.setString(10, "FAILURE");
					insert.setString(11, detail);
					insert.setInt(12, scheme);
					insert.setString(13, last[chain]);
					insert.setString(14, hash);
					insert.addBatch();
					last[chain] = hash;
					lastId[chain] = id;
					if (id % 5000 == 0) {
						insert.executeBatch();
						connection.commit();
					}
				}
				insert.executeBatch();
			}
			try (PreparedStatement head = connection
				.prepareStatement("update audit_head set last_seq = ?, last_id = ?, last_hash = ? where id = ?")) {
				for (int chain = 1; chain <= stripes; chain++) {
					head.setLong(1, seq[chain]);
					head.setLong(2, lastId[chain]);
					head.setString(3, last[chain]);
					head.setInt(4, chain);
					head.executeUpdate();
				}
			}
			try (var statement = connection.createStatement()) {
				statement.executeQuery("select setval('audit_event_ids', " + rows + ")").close();
			}
			connection.commit();
			try (var statement = connection.createStatement();
					var result = statement.executeQuery("select pg_size_pretty(pg_total_relation_size('audit_events'))")) {
				result.next();
				System.out.printf("fill: %d rows over %d chains in %.1f s, table and indexes %s%n", rows, stripes,
						(System.nanoTime() - started) / 1e9, result.getString(1));
			}
		}
	}
}
