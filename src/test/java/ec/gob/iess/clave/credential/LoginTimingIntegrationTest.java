package ec.gob.iess.clave.credential;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.StatementRecorder;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.support.Timing;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Import;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;


/**
 * A wrong clave for a known account and an unknown cédula cost the same (SECURITY.md 5, issue 7
 * point 10): not only the hash, but the database work around it. The hash is made cheap here
 * (1 MiB, 1 pass) so that what the hash hides — a row lock, an update, an audit row, a fraction of a
 * millisecond — is what is measured. Timing tests run once, on PostgreSQL (pom.xml); the margin
 * comes from the noise measured in the same run, not from a constant.
 */
@ClaveIntegrationTest
@TestPropertySource(properties = { "clave.hashing.memory-kib=1024", "clave.hashing.iterations=1",
		"clave.lockout.max-failures=1000000" })
@Import(StatementRecorder.Configuration.class)
class LoginTimingIntegrationTest {

	static final int ROUNDS = 400;

	static final int WARM_UP = 40;

	@LocalServerPort
	int port;

	/**
	 * The deterministic half: the same statements in the same order (the dummy row standing in for the
	 * account's), so nothing but noise is left for the timing comparison below to find.
	 */
	@Test
	void aWrongClaveAndAnUnknownCedulaDoTheSameDatabaseWork() {
		TestFixtures api = new TestFixtures(port);
		String known = api.activePerson(api.agent());
		String ghost = TestCedulas.next();
		api.login(known, "una clave equivocada");
		api.login(ghost, "una clave equivocada");

		StatementRecorder.start();
		api.login(known, "una clave equivocada");
		List<String> wrong = StatementRecorder.stop();
		StatementRecorder.start();
		api.login(ghost, "una clave equivocada");
		List<String> unknown = StatementRecorder.stop();

		assertThat(wrong).isNotEmpty().anySatisfy(sql -> assertThat(sql).startsWith("update accounts"));
		assertThat(unknown.stream().map(sql -> sql.replace("account_timing_dummy", "accounts")).toList())
			.containsExactlyElementsOf(wrong);
	}

	@Test
	void aWrongClaveForAKnownAccountCostsWhatAnUnknownCedulaCosts() {
		TestFixtures api = new TestFixtures(port);
		String known = api.activePerson(api.agent());
		// The same unknown cédulas every round, as an attacker probes one: a first try of any cédula
		// also creates its rate-limit counter, which is no difference between known and unknown.
		String ghost = TestCedulas.next();
		String otherGhost = TestCedulas.next();
		Random random = new Random(7);
		long[] unknown = new long[ROUNDS];
		long[] wrong = new long[ROUNDS];
		long[] unknownAgain = new long[ROUNDS];
		for (int round = 0; round < ROUNDS; round++) {
			// Each round measures the three cases in a random order, so drift in load hits all alike.
			List<Integer> order = new ArrayList<>(List.of(0, 1, 2));
			Collections.shuffle(order, random);
			for (int which : order) {
				switch (which) {
					case 0 -> unknown[round] = Timing.timed(() -> api.login(ghost, "una clave equivocada"));
					case 1 -> wrong[round] = Timing.timed(() -> api.login(known, "una clave equivocada"));
					default -> unknownAgain[round] = Timing.timed(() -> api.login(otherGhost, "una clave equivocada"));
				}
			}
		}
		Timing.Comparison comparison = Timing.compare(Arrays.copyOfRange(wrong, WARM_UP, ROUNDS),
				Arrays.copyOfRange(unknown, WARM_UP, ROUNDS), Arrays.copyOfRange(unknownAgain, WARM_UP, ROUNDS));
		System.out.println("login timing (wrong clave vs unknown cédula): " + comparison);

		comparison.assertIndistinguishable();
	}
}
