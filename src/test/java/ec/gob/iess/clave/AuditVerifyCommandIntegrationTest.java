package ec.gob.iess.clave;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import ec.gob.iess.clave.counter.Totp;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.TestFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar clave.jar audit verify} (API.md "Command line"): exits 0 on an intact chain, 1 on
 * a broken one. The command boots its own non-web context from {@code spring.datasource.*}, pointed
 * here at this test's database. This class has its own context and database, so the tampering it
 * commits is seen by no other test class.
 */
@ClaveIntegrationTest
@TestPropertySource(properties = "clave.test.context=audit-command")
class AuditVerifyCommandIntegrationTest {

	/** What the command needs to reach the same database; PostgreSQL also needs the data keys (keys.DataKeys). */
	static final List<String> DATASOURCE = List.of("spring.datasource.url", "spring.datasource.username",
			"spring.datasource.password", "clave.staff.totp-key", "clave.biometric.key", "clave.sso.key",
			"clave.rate-limit.clave-key");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Environment environment;

	TestFixtures api;
	String agent;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		agent = api.agent();
		for (String property : DATASOURCE) {
			if (environment.containsProperty(property)) {
				System.setProperty(property, environment.getRequiredProperty(property));
			}
		}
	}

	@AfterEach
	void clearDatasource() {
		DATASOURCE.forEach(System::clearProperty);
	}

	@Test
	void exitsZeroOnAnIntactChainAndOneAtTheTamperedRow() {
		String cedula = api.registerPerson(agent);
		api.temporaryClave(agent, cedula);
		assertThat(api.login(cedula, "una clave equivocada cualquiera").statusCode()).isEqualTo(401);
		long id = jdbc.sql("select id from audit_events where account = ? and type = 'TEMPORARY_PASSWORD_ISSUED'")
			.param(cedula).query(Long.class).single();
		String detail = jdbc.sql("select detail from audit_events where id = ?").param(id).query(String.class).single();

		Run intact = command("audit", "verify");
		assertThat(intact.exit()).as(intact.output()).isEqualTo(0);

		jdbc.sql("update audit_events set detail = ? where id = ?").params(detail + " (editado)", id).update();
		try {
			Run broken = command("audit", "verify");
			assertThat(broken.exit()).as(broken.output()).isEqualTo(1);
			assertThat(broken.output()).contains("evento " + id);
		}
		finally {
			jdbc.sql("update audit_events set detail = ? where id = ?").params(detail, id).update();
		}

		Run restored = command("audit", "verify");
		assertThat(restored.exit()).as(restored.output()).isEqualTo(0);
	}

	@Test
	void ssoRotateKeyMakesANewSigningKeyAndKeepsTheOldOne() {
		assertThat(api.get("/oauth2/jwks", null).statusCode()).isEqualTo(200);
		List<String> before = jdbc.sql("select kid from sso_signing_keys").query(String.class).list();
		assertThat(before).isNotEmpty();

		Run run = command("sso", "rotate-key");

		assertThat(run.exit()).as(run.output()).isEqualTo(0);
		List<String> after = jdbc.sql("select kid from sso_signing_keys").query(String.class).list();
		assertThat(after).containsAll(before).hasSize(before.size() + 1);
		String newKid = after.stream().filter(kid -> !before.contains(kid)).findFirst().orElseThrow();
		assertThat(run.output()).contains(newKid);
	}

	@Test
	void totpPrintsTheCurrentSixDigitCode() {
		Instant before = Instant.now();
		Run run = command("totp", TestFixtures.ADMIN_TOTP);
		Instant after = Instant.now();

		assertThat(run.exit()).isEqualTo(0);
		assertThat(run.output().strip()).matches("\\d{6}")
			.isIn(Totp.code(TestFixtures.ADMIN_TOTP, before), Totp.code(TestFixtures.ADMIN_TOTP, after));
	}

	@Test
	void anUnknownCommandExitsTwo() {
		assertThat(command("desconocido").exit()).isEqualTo(2);
		assertThat(command("audit").exit()).isEqualTo(2);
		assertThat(command("audit", "repair").exit()).isEqualTo(2);
	}

	record Run(int exit, String output) {
	}

	/** Runs the command in this JVM, capturing what it prints. */
	static Run command(String... args) {
		PrintStream original = System.out;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
		int exit;
		try {
			exit = CommandLine.run(args);
		}
		finally {
			System.setOut(original);
		}
		return new Run(exit, captured.toString(StandardCharsets.UTF_8));
	}
}
