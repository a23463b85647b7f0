package ec.gob.iess.clave.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Points each test application context at a fresh database of the kind named by the system property
 * {@code clave.test.database}: {@code h2} (the embedded default, in memory here) or {@code postgres}
 * (real PostgreSQL binaries from Maven Central, one server per JVM, one database per context).
 * Failsafe runs the integration tests once for each.
 */
public class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final AtomicInteger DATABASES = new AtomicInteger();
	/** A fixed test key: 32 bytes in base64. */
	public static final String STAFF_TOTP_KEY = "dGVzdC1rZXktZm9yLXRvdHAtc2VjcmV0cy0zMmJ5dGU=";
	/** Another fixed test key, for the fingerprint templates. */
	public static final String BIOMETRIC_KEY = "dGVzdC1rZXktZm9yLWZpbmdlcnByaW50LXRlbXBsYXQ=";
	/** And one for the single sign-on signing keys. */
	public static final String SSO_KEY = "dGVzdC1rZXktZm9yLXNzby1zaWduaW5nLWtleXMtMzI=";
	/** And one for the per-clave rate-limit counter. */
	public static final String RATE_LIMIT_CLAVE_KEY = "dGVzdC1rZXktZm9yLXRoZS1wZXItY2xhdmUtbGltaXQ=";
	private static EmbeddedPostgres postgres;

	public static String kind() {
		return System.getProperty("clave.test.database", "h2");
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("testDatabase", newDatabase()));
	}

	/**
	 * A fresh database of the kind {@link #kind()} names, as the properties that point an application at
	 * it ({@code spring.datasource.*}, and on PostgreSQL the data keys it requires): every application
	 * started with the same map shares the database, as nodes behind a load balancer do.
	 */
	public static Map<String, Object> newDatabase() {
		String url;
		String user;
		if ("postgres".equals(kind())) {
			String database = "clave_" + DATABASES.incrementAndGet();
			try (Connection connection = server().getPostgresDatabase().getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("create database " + database);
			}
			catch (SQLException e) {
				throw new IllegalStateException("could not create the test database", e);
			}
			url = server().getJdbcUrl("postgres", database);
			user = "postgres";
		}
		else {
			url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
			user = "sa";
		}
		Map<String, Object> properties = new java.util.HashMap<>(
				Map.of("spring.datasource.url", url, "spring.datasource.username", user, "spring.datasource.password", ""));
		if ("postgres".equals(kind())) {
			// Required outside the embedded database (keys.DataKeys); H2 in memory makes its own.
			properties.put("clave.staff.totp-key", STAFF_TOTP_KEY);
			properties.put("clave.biometric.key", BIOMETRIC_KEY);
			properties.put("clave.sso.key", SSO_KEY);
			properties.put("clave.rate-limit.clave-key", RATE_LIMIT_CLAVE_KEY);
		}
		return properties;
	}

	private static synchronized EmbeddedPostgres server() {
		if (postgres == null) {
			try {
				postgres = EmbeddedPostgres.builder().start();
			}
			catch (IOException e) {
				throw new UncheckedIOException("could not start embedded PostgreSQL", e);
			}
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					postgres.close();
				}
				catch (IOException ignored) {
					// the JVM is ending anyway
				}
			}));
		}
		return postgres;
	}

	/**
	 * A fresh database of the kind under test outside any application context, for a test that migrates it
	 * step by step: the one {@link #initialize} would point an application at.
	 */
	public static DataSource freshDataSource() {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			new TestDatabase().initialize(context);
			Environment environment = context.getEnvironment();
			return new DriverManagerDataSource(environment.getRequiredProperty("spring.datasource.url"),
					environment.getRequiredProperty("spring.datasource.username"), "");
		}
	}
}
