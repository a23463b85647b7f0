package ec.gob.iess.clave.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * A PostgreSQL server of one test's own, which the test can stop and start again under the running
 * application: the same port and data directory, so the application's URL stays right. Used in place
 * of {@link TestDatabase} (whose server every other test context shares) by the fault tests.
 */
public final class StoppablePostgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static StoppablePostgres instance;

	private final File dataDirectory;
	private final int port;
	private EmbeddedPostgres server;

	private StoppablePostgres() {
		try {
			this.dataDirectory = Files.createTempDirectory("clave-stoppable-pg").toFile();
			try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
				this.port = socket.getLocalPort();
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The one server of this JVM (started on first use). */
	public static synchronized StoppablePostgres get() {
		if (instance == null) {
			instance = new StoppablePostgres();
			instance.start();
			try (Connection connection = instance.server.getPostgresDatabase().getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("create database clave");
			}
			catch (java.sql.SQLException e) {
				throw new IllegalStateException("could not create the test database", e);
			}
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				instance.stop();
				org.springframework.util.FileSystemUtils.deleteRecursively(instance.dataDirectory);
			}));
		}
		return instance;
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		StoppablePostgres postgres = get();
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("stoppablePostgres",
				Map.of("spring.datasource.url", postgres.jdbcUrl(), "spring.datasource.username", "postgres",
						"spring.datasource.password", "", "clave.staff.totp-key", TestDatabase.STAFF_TOTP_KEY, "clave.biometric.key",
						TestDatabase.BIOMETRIC_KEY, "clave.sso.key", TestDatabase.SSO_KEY, "clave.rate-limit.clave-key",
						TestDatabase.RATE_LIMIT_CLAVE_KEY)));
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://localhost:" + port + "/clave?user=postgres";
	}

	public synchronized void start() {
		if (server != null) {
			return;
		}
		try {
			server = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false).setPort(port)
				.setRegisterShutdownHook(false).start();
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not start PostgreSQL", e);
		}
	}

	/** A fast shutdown ({@code pg_ctl stop -m fast}): open connections are cut, as when the server dies. */
	public synchronized void stop() {
		if (server == null) {
			return;
		}
		try {
			server.close();
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not stop PostgreSQL", e);
		}
		finally {
			server = null;
		}
	}
}
