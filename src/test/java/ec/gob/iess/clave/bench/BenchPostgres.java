package ec.gob.iess.clave.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The login benchmark's database (bench/login.sh): starts embedded PostgreSQL (real binaries, as the
 * PostgreSQL integration tests use) on a free port, creates the database {@code clave}, prints one line
 * {@code JDBC_URL=<url>} (after {@code POSTGRES_PID=<postmaster pid>}, for CPU accounting) and serves until its standard input closes or it gets SIGTERM/SIGINT; then it
 * stops the server and removes its data directory. With {@code BENCH_PG_DURABLE=1} in its environment, commits
 * are flushed to disk ({@code fsync}, {@code synchronous_commit}), as in production. Arguments {@code name=value}
 * are PostgreSQL settings for the server (bench/import.sh gives it room for a bulk load). Not a test.
 */
public final class BenchPostgres {

	private BenchPostgres() {
	}

	public static void main(String[] args) throws Exception {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
		if ("1".equals(System.getenv("BENCH_PG_DURABLE"))) {
			// Embedded PostgreSQL turns durability off for speed; a commit then waits for no disk. A server in
			// production flushes its WAL at each commit, which is what a lock held until commit costs.
			builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
		}
		String statementLog = System.getenv("BENCH_PG_LOG_STATEMENTS");
		if (statementLog != null && !statementLog.isBlank()) {
			// Every statement into files of that directory, to count a login's round trips (bench/login.sh).
			builder.setServerConfig("log_statement", "all");
			builder.setServerConfig("logging_collector", "on");
			builder.setServerConfig("log_directory", statementLog);
		}
		for (String setting : args) {
			int equals = setting.indexOf('=');
			builder.setServerConfig(setting.substring(0, equals), setting.substring(equals + 1));
		}
		EmbeddedPostgres postgres = builder.start();
		AtomicBoolean closed = new AtomicBoolean();
		Runnable close = () -> {
			if (closed.compareAndSet(false, true)) {
				try {
					postgres.close();
				}
				catch (IOException e) {
					System.err.println("BenchPostgres: could not stop PostgreSQL cleanly: " + e);
				}
			}
		};
		Runtime.getRuntime().addShutdownHook(new Thread(close, "bench-postgres-stop"));
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("create database clave");
		}
		System.out.println("POSTGRES_PID=" + postgres.getProcess().pid());
		System.out.println("JDBC_URL=" + postgres.getJdbcUrl("postgres", "clave"));
		System.out.flush();
		// Serve until the launching script closes our stdin (it also does so by simply exiting).
		while (System.in.read() != -1) {
			// ignore whatever is written
		}
		close.run();
	}
}
