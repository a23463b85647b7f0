package ec.gob.iess.clave.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import ec.gob.iess.clave.credential.HashingSettings;
import ec.gob.iess.clave.credential.PasswordHasher;
import ec.gob.iess.clave.identity.Cedula;

import org.flywaydb.core.Flyway;

/**
 * Benchmark accounts in bulk, for bench/login.sh ({@code --seed sql}) and bench/compare-keycloak.sh. Not a test.
 *
 * <p>
 * Account {@code i} (0 ≤ i &lt; N) is the person with cédula {@link #cedula(long)}: a valid number (province, third
 * digit 0–5, check digit) computed from {@code i}, so the load client needs no list of millions of names. Every
 * account is ACTIVA with the benchmark's clave, and has accepted the agreement in force, exactly as the people that
 * LoginBenchmark creates through the API.
 *
 * <p>
 * Hashing millions of claves one by one is out of reach (an Argon2id hash costs about 20 ms of a core: 5,000,000 take
 * more than a day of one core), so <b>one</b> Argon2id hash of the benchmark clave (m=19456, t=2, p=1, a random salt)
 * is computed here and copied into every account's row. Fine for a benchmark: a login does exactly the same work
 * whatever the salt. Never do this with real accounts.
 *
 * <p>
 * Modes ({@code --name=value} arguments):
 * <ul>
 * <li>{@code --jdbc-url=URL --accounts=N}: applies Clave's Flyway migrations (those of this build) to that PostgreSQL
 * database, then inserts persons, accounts and agreement acceptances set-based ({@code generate_series}), runs
 * {@code VACUUM ANALYZE}, and prints the time, rows/s and the database size.</li>
 * <li>{@code --keycloak-realm=FILE --accounts=N}: writes a Keycloak realm (JSON, for {@code kc.sh import}) with the same N
 * people as users, the same precomputed hash as their password credential (Keycloak's argon2 format), a password
 * policy {@code hashAlgorithm(argon2)} and a public client {@code bench} with direct access grants.</li>
 * <li>{@code --wrk-bodies=DIR --accounts=N}: writes {@code clave.txt} (JSON bodies of {@code POST /api/v1/login}) and
 * {@code keycloak.txt} (form bodies of the direct grant at the token endpoint), one login of each account a line, for
 * the wrk script.</li>
 * </ul>
 * {@code --phc=STRING} reuses a given Argon2id PHC string instead of computing one (so that Clave and Keycloak get the
 * very same bytes); {@code --print-phc=true} prints the one computed.
 */
public final class BenchSeed {

	/** Realm and client of the Keycloak side. */
	static final String REALM = "bench";

	static final String CLIENT = "bench";

	/** Cédulas per province: third digit 0–5 and six free digits. */
	private static final long PER_PROVINCE = 6_000_000L;

	/** Provinces 01–24. */
	static final long MAX_ACCOUNTS = 24 * PER_PROVINCE;

	private BenchSeed() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> values = new LinkedHashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new IllegalArgumentException("arguments are --name=value, got: " + arg);
			}
			values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
		}
		long accounts = Long.parseLong(values.getOrDefault("accounts", "0"));
		if (accounts < 1 || accounts > MAX_ACCOUNTS) {
			throw new IllegalArgumentException("--accounts must be between 1 and " + MAX_ACCOUNTS);
		}
		String phc = values.containsKey("phc") ? values.get("phc")
				: new PasswordHasher(HashingSettings.defaults()).hash(LoginBenchmark.CLAVE);
		if (Boolean.parseBoolean(values.getOrDefault("print-phc", "false"))) {
			System.out.println(phc);
		}
		if (values.containsKey("wrk-bodies")) {
			writeBodies(Path.of(values.get("wrk-bodies")), accounts);
		}
		if (values.containsKey("keycloak-realm")) {
			writeKeycloakRealm(Path.of(values.get("keycloak-realm")), accounts, phc);
		}
		if (values.containsKey("jdbc-url")) {
			seedClave(values.get("jdbc-url"), values.getOrDefault("user", "postgres"), accounts, phc);
		}
	}

	// ---------------------------------------------------------------- the cédula of account i

	/** The nine digits before the check digit: province (01–24), third digit (0–5), six digits. */
	static long base(long i) {
		if (i < 0 || i >= MAX_ACCOUNTS) {
			throw new IllegalArgumentException("account index out of range: " + i);
		}
		long province = 1 + i / PER_PROVINCE;
		long third = (i / 1_000_000L) % 6;
		return province * 10_000_000L + third * 1_000_000L + i % 1_000_000L;
	}

	/** The cédula of account {@code i}; increasing with i (so the bulk insert appends to the primary keys). */
	static String cedula(long i) {
		String nine = String.format(Locale.ROOT, "%09d", base(i));
		int sum = 0;
		for (int k = 0; k < 9; k++) {
			int d = nine.charAt(k) - '0';
			sum += k % 2 == 0 ? 2 * d - 9 * (d / 5) : d; // 2d, minus 9 when over 9
		}
		return nine + (10 - sum % 10) % 10;
	}

	/** The same as {@link #cedula(long)} in SQL: the cédulas of accounts 0..N-1 as rows (i, cedula), in order. */
	static String cedulasSql(long accounts) {
		String base = "(1 + i / " + PER_PROVINCE + ") * 10000000 + (i / 1000000 % 6) * 1000000 + i % 1000000";
		StringBuilder sum = new StringBuilder();
		for (int k = 0; k < 9; k++) {
			long divisor = (long) Math.pow(10, 8 - k);
			String d = "(b / " + divisor + " % 10)";
			sum.append(k == 0 ? "" : " + ").append(k % 2 == 0 ? "(2 * " + d + " - 9 * (" + d + " / 5))" : d);
		}
		return "select i, lpad(b::text, 9, '0') || ((10 - (" + sum + ") % 10) % 10)::text as cedula from (select i, ("
				+ base + ")::bigint as b from generate_series(0::bigint, " + (accounts - 1) + "::bigint) as i) as nine";
	}

	/** A random account index below {@code accounts}. */
	static long randomIndex(long accounts) {
		return ThreadLocalRandom.current().nextLong(accounts);
	}

	// ---------------------------------------------------------------- Clave's database

	private static void seedClave(String url, String user, long accounts, String phc) throws SQLException {
		long start = System.nanoTime();
		// Flyway's INFO lines (one per migration) are not this benchmark's output.
		((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.flywaydb"))
			.setLevel(ch.qos.logback.classic.Level.WARN);
		Flyway.configure().dataSource(url, user, "").locations("classpath:db/migration").load().migrate();
		System.out.printf(Locale.ROOT, "seed: Clave's schema migrated in %.1f s%n", (System.nanoTime() - start) / 1e9);
		System.out.printf(Locale.ROOT,
				"seed: %d accounts set-based in SQL, every row with the SAME precomputed Argon2id hash of the bench clave "
						+ "(m=19456, t=2, p=1): fine for a benchmark, a login's work does not depend on the salt%n",
				accounts);
		try (Connection connection = DriverManager.getConnection(url, user, "");
				Statement statement = connection.createStatement()) {
			statement.execute("set synchronous_commit = off");
			statement.execute("set work_mem = '64MB'");
			long step = System.nanoTime();
			statement.execute("create temporary table bench_cedulas as " + cedulasSql(accounts));
			report("cédulas computed", accounts, step);
			step = System.nanoTime();
			statement.executeUpdate("insert into persons (cedula, first_names, last_names, birth_date, fingerprint_code, "
					+ "roles, created_at, updated_at) select cedula, 'Rosa Elena', 'Quishpe Tipán', "
					+ "date '1940-01-01' + (i % 25000)::int, 'V4343V4242', 'AFILIADO', now(), now() from bench_cedulas");
			report("persons", accounts, step);
			step = System.nanoTime();
			try (PreparedStatement insert = connection.prepareStatement("insert into accounts (username, kind, status, "
					+ "password_hash, failed_attempts, password_changed_at, created_at) select cedula, 'ASEGURADO', 'ACTIVA', ?, 0, "
					+ "now(), now() from bench_cedulas")) {
				insert.setString(1, phc);
				insert.executeUpdate();
			}
			report("accounts", accounts, step);
			step = System.nanoTime();
			statement.executeUpdate("insert into agreement_acceptances (username, version, accepted_at, channel) "
					+ "select cedula, (select max(version) from agreements), now(), 'API' from bench_cedulas");
			report("agreement acceptances", accounts, step);
			step = System.nanoTime();
			statement.execute("vacuum analyze persons");
			statement.execute("vacuum analyze accounts");
			statement.execute("vacuum analyze agreement_acceptances");
			statement.execute("checkpoint");
			System.out.printf(Locale.ROOT, "seed: vacuum analyze + checkpoint in %.1f s%n", (System.nanoTime() - step) / 1e9);
			checkSample(statement, accounts);
			System.out.printf(Locale.ROOT, "seed: done in %.1f s (%.0f accounts/s overall)%n",
					(System.nanoTime() - start) / 1e9, accounts / ((System.nanoTime() - start) / 1e9));
			try (ResultSet size = statement.executeQuery("select pg_database_size(current_database()), "
					+ "pg_total_relation_size('persons'), pg_total_relation_size('accounts'), "
					+ "pg_total_relation_size('agreement_acceptances')")) {
				size.next();
				System.out.printf(Locale.ROOT,
						"seed: database size %d MiB (persons %d MiB, accounts %d MiB, agreement_acceptances %d MiB, "
								+ "each with its indexes)%n",
						size.getLong(1) >> 20, size.getLong(2) >> 20, size.getLong(3) >> 20, size.getLong(4) >> 20);
			}
		}
	}

	private static void report(String what, long rows, long since) {
		double seconds = (System.nanoTime() - since) / 1e9;
		System.out.printf(Locale.ROOT, "seed: %d %s in %.1f s (%.0f rows/s)%n", rows, what, seconds, rows / seconds);
	}

	/** The SQL and Java cédulas agree and are valid, on the ends and a few random accounts. */
	private static void checkSample(Statement statement, long accounts) throws SQLException {
		long[] sample = { 0, accounts - 1, randomIndex(accounts), randomIndex(accounts), randomIndex(accounts) };
		for (long i : sample) {
			String expected = cedula(i);
			if (!Cedula.isValid(expected)) {
				throw new IllegalStateException("not a valid cédula for account " + i + ": " + expected);
			}
			try (ResultSet row = statement.executeQuery(
					"select count(*) from accounts a join persons p on p.cedula = a.username where a.username = '" + expected
							+ "' and a.status = 'ACTIVA'")) {
				row.next();
				if (row.getInt(1) != 1) {
					throw new IllegalStateException("account " + i + " (" + expected + ") was not seeded as expected");
				}
			}
		}
		try (ResultSet count = statement.executeQuery("select count(*) from accounts")) {
			count.next();
			if (count.getLong(1) != accounts) {
				throw new IllegalStateException("expected " + accounts + " accounts, found " + count.getLong(1));
			}
		}
	}

	// ---------------------------------------------------------------- Keycloak's realm and the wrk list

	private static void writeBodies(Path directory, long accounts) throws IOException {
		String clave = LoginBenchmark.JSON.writeValueAsString(LoginBenchmark.CLAVE);
		String form = "&password=" + URLEncoder.encode(LoginBenchmark.CLAVE, StandardCharsets.UTF_8) + "&grant_type=password"
				+ "&client_id=" + CLIENT;
		Files.createDirectories(directory);
		try (BufferedWriter json = Files.newBufferedWriter(directory.resolve("clave.txt"), StandardCharsets.UTF_8);
				BufferedWriter keycloak = Files.newBufferedWriter(directory.resolve("keycloak.txt"), StandardCharsets.UTF_8)) {
			for (long i = 0; i < accounts; i++) {
				String cedula = cedula(i);
				json.write("{\"username\":\"" + cedula + "\",\"password\":" + clave + "}\n");
				keycloak.write("username=" + cedula + form + "\n");
			}
		}
	}

	/**
	 * Keycloak stores an argon2 password as {@code secretData} {value, salt} (standard base64 of the raw hash and
	 * salt) and {@code credentialData} {hashIterations, algorithm, additionalParameters}; with exactly the provider's
	 * configured parameters (and the realm's hashAlgorithm), Keycloak verifies without rehashing on login.
	 */
	private static void writeKeycloakRealm(Path file, long accounts, String phc) throws IOException {
		String[] parts = phc.split("\\$"); // "", argon2id, v=19, m=19456,t=2,p=1, salt, hash
		if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
			throw new IllegalArgumentException("not an Argon2id v1.3 PHC string: " + phc);
		}
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String pair : parts[3].split(",")) {
			parameters.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
		}
		Base64.Encoder padded = Base64.getEncoder();
		byte[] salt = Base64.getDecoder().decode(parts[4]);
		byte[] hash = Base64.getDecoder().decode(parts[5]);
		String secretData = "{\"value\":\"" + padded.encodeToString(hash) + "\",\"salt\":\"" + padded.encodeToString(salt)
				+ "\",\"additionalParameters\":{}}";
		String credentialData = "{\"hashIterations\":" + parameters.get("t") + ",\"algorithm\":\"argon2\","
				+ "\"additionalParameters\":{\"hashLength\":[\"" + hash.length + "\"],\"memory\":[\"" + parameters.get("m")
				+ "\"],\"type\":[\"id\"],\"version\":[\"1.3\"],\"parallelism\":[\"" + parameters.get("p") + "\"]}}";
		String credential = "[{\"type\":\"password\",\"secretData\":" + LoginBenchmark.JSON.writeValueAsString(secretData)
				+ ",\"credentialData\":" + LoginBenchmark.JSON.writeValueAsString(credentialData) + "}]";
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write("{\"realm\":\"" + REALM + "\",\"enabled\":true,\"sslRequired\":\"none\",\"bruteForceProtected\":false,"
					+ "\"passwordPolicy\":\"hashAlgorithm(argon2)\",\n\"clients\":[{\"clientId\":\"" + CLIENT
					+ "\",\"enabled\":true,\"publicClient\":true,\"directAccessGrantsEnabled\":true,"
					+ "\"standardFlowEnabled\":false,\"protocol\":\"openid-connect\"}],\n\"users\":[\n");
			for (long i = 0; i < accounts; i++) {
				String cedula = cedula(i);
				out.write((i == 0 ? "" : ",\n") + "{\"username\":\"" + cedula + "\",\"enabled\":true,\"firstName\":\"Rosa Elena\","
						+ "\"lastName\":\"Quishpe Tipán\",\"email\":\"" + cedula + "@bench.invalid\",\"emailVerified\":true,"
						+ "\"credentials\":" + credential + "}");
			}
			out.write("\n]}\n");
		}
		System.out.printf(Locale.ROOT, "seed: Keycloak realm '%s' with %d users (one precomputed argon2 hash, %s) in %s%n",
				REALM, accounts, parts[3], file);
	}
}
