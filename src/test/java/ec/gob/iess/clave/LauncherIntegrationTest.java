package ec.gob.iess.clave;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/clave}, the launcher (decision 162), on the packaged jar of this build: its default JVM settings, the
 * operator's options after them, {@code clave prepare} (the unpacked jar and a class-data archive made by a training
 * start), a start that loads its classes from that archive and becomes ready, and the fallback to the jar itself
 * once the prepared copy no longer matches. The JVM running this test runs the launcher's JVMs too. Runs once (H2
 * execution): it starts its own processes on an in-memory database, so the database is not what it tests.
 */
class LauncherIntegrationTest {

	static final Path LAUNCHER = Path.of("bin/clave").toAbsolutePath();

	static final Path BUILT_JAR = Path.of("target/clave.jar").toAbsolutePath();

	static final String JAVA_HOME = System.getProperty("java.home");

	@TempDir
	static Path dir;

	static Path jar;

	@BeforeAll
	static void copyTheJar() throws IOException {
		assertThat(BUILT_JAR).as("the packaged jar (failsafe runs after package)").exists();
		jar = dir.resolve("clave.jar");
		Files.copy(BUILT_JAR, jar);
	}

	@Test
	void theDefaultsBoundTheHeapAndTheOperatorsOptionsComeAfterThem() throws Exception {
		Result plain = launcher(Map.of(), "--print-command", "--server.port=9999");
		assertThat(plain.exit).isZero();
		assertThat(plain.out.strip()).isEqualTo(Path.of(JAVA_HOME, "bin", "java").toRealPath()
				+ " -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms32m -Xmx128m -XX:+ExitOnOutOfMemoryError -jar " + jar
				+ " --server.port=9999");

		// A command (Java work through and through) gets the full JIT and, for the import, twice the heap.
		Result tuned = launcher(Map.of("CLAVE_GC", "-XX:+UseG1GC", "CLAVE_JAVA_OPTS", "-Xss512k -Xmx300m"),
				"--print-command", "import", "--persons", "gente.csv");
		assertThat(tuned.out.strip()).endsWith(
				" -XX:+UseG1GC -Xms32m -Xmx256m -XX:+ExitOnOutOfMemoryError -Xss512k -Xmx300m -jar " + jar + " import --persons gente.csv");

		Result fullJit = launcher(Map.of("CLAVE_JIT", "", "CLAVE_HEAP", "192m"), "--print-command");
		assertThat(fullJit.out.strip()).endsWith(" -XX:+UseSerialGC -Xms32m -Xmx192m -XX:+ExitOnOutOfMemoryError -jar " + jar);
	}

	@Test
	void aPreparedCopyStartsFromItsArchiveAndIsUsedOnlyWhileItMatchesTheJar() throws Exception {
		Path classLog = dir.resolve("classes.log");
		// A class-loading log in the options: prepare records them, so the start below must use the same ones.
		Map<String, String> env = Map.of("CLAVE_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog);
		// A node's own settings in the environment (here a database that cannot be reached) do not reach the
		// training start: it runs on its in-memory database whatever the environment says.
		Map<String, String> node = new java.util.HashMap<>(env);
		node.put("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:1/clave");
		node.put("SPRING_DATASOURCE_DRIVERCLASSNAME", "org.postgresql.Driver");
		Result prepare = launcher(node, "prepare");
		assertThat(prepare.exit).as(prepare.err).isZero();
		Path app = dir.resolve("clave-app");
		assertThat(app.resolve("prepared")).exists();
		assertThat(Files.list(app.resolve("lib")).count()).as("the unpacked libraries").isGreaterThan(50);
		String archive = Runtime.version().feature() >= 25 ? "clave.aot" : "clave.jsa";
		assertThat(app.resolve(archive)).as("the class-data archive").isNotEmptyFile();
		Files.deleteIfExists(classLog);

		Result command = launcher(env, "--print-command");
		assertThat(command.out).contains(app.resolve(archive).toString()).contains("-jar " + app.resolve("clave.jar"));

		int port = freePort();
		int management = freePort();
		List<String> start = new ArrayList<>(List.of(LAUNCHER.toString(), "--server.port=" + port,
				"--server.address=127.0.0.1", "--management.server.port=" + management,
				"--management.server.address=127.0.0.1", "--spring.datasource.url=jdbc:h2:mem:launcher-test",
				"--spring.datasource.username=sa", "--spring.datasource.password=", "--clave.demo-data=false",
				"--logging.level.root=WARN"));
		Process server = process(env, start).redirectOutput(dir.resolve("server.log").toFile())
			.redirectErrorStream(true)
			.start();
		try {
			assertThat(waitReady(server, management)).as("readiness within 120 s; log:%n%s", log("server.log")).isTrue();
			String classes = Files.readString(classLog);
			assertThat(classes).as("application classes came from the archive")
				.containsPattern("org\\.springframework\\.boot\\.SpringApplication source: (shared objects file|AOT)");
			assertThat(classes).contains("ec.gob.iess.clave.ClaveApplication");
		}
		finally {
			server.destroy();
			if (!server.waitFor(30, TimeUnit.SECONDS)) {
				server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}

		// A new jar (a later build, copied over): the prepared copy is not used, and the operator is told why.
		Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
		Result stale = launcher(env, "--print-command");
		assertThat(stale.exit).isZero();
		assertThat(stale.out).contains("-jar " + jar).doesNotContain(archive);
		assertThat(stale.err).contains("clave prepare");
	}

	private static boolean waitReady(Process server, int management) throws InterruptedException {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest readiness = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + management + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(5))
			.build();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (System.nanoTime() < deadline && server.isAlive()) {
			try {
				if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return true;
				}
			}
			catch (IOException notYet) {
				// not listening yet
			}
			Thread.sleep(200);
		}
		return false;
	}

	private static String log(String name) {
		try {
			return Files.readString(dir.resolve(name));
		}
		catch (IOException e) {
			return "(no log: " + e + ")";
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static ProcessBuilder process(Map<String, String> env, List<String> command) {
		ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
		builder.environment().remove("CLAVE_HEAP");
		builder.environment().remove("CLAVE_GC");
		builder.environment().remove("CLAVE_JIT");
		builder.environment().remove("CLAVE_JAVA_OPTS");
		builder.environment().put("JAVA_HOME", JAVA_HOME);
		builder.environment().put("CLAVE_JAR", jar.toString());
		builder.environment().putAll(env);
		return builder;
	}

	private static Result launcher(Map<String, String> env, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
		command.addAll(List.of(args));
		Path out = Files.createTempFile(dir, "out", ".txt");
		Path err = Files.createTempFile(dir, "err", ".txt");
		Process process = process(env, command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
		assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
		return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
				Files.readString(err, StandardCharsets.UTF_8));
	}

	record Result(int exit, String out, String err) {
	}
}
