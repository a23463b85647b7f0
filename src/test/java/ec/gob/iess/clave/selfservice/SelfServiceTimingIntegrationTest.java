package ec.gob.iess.clave.selfservice;

import java.util.Random;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.support.Timing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.lock;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.recovery;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.unlock;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.verifiedPerson;

/**
 * The self-service answers take the same time whatever the case (SECURITY.md 12), moved out of
 * RecoveryFlowIntegrationTest and UnlockFlowIntegrationTest: each sample waits for the padded answer
 * time, so these run once, on PostgreSQL (pom.xml), with margins from the noise of the run
 * ({@link Timing}) instead of a fixed 15 ms.
 */
@ClaveIntegrationTest
@TestPropertySource(properties = { "clave.captcha.max-number=2000", "clave.recovery.answer-time=PT0.1S",
		"clave.rate-limit.recovery-source.limit=100000", "clave.rate-limit.recovery-account.limit=100000",
		"clave.rate-limit.mail-source.limit=100000", "clave.rate-limit.mail-account.limit=100000",
		"clave.rate-limit.unlock-source.limit=100000", "clave.rate-limit.unlock-account.limit=100000",
		"clave.unlock.answer-time=PT0.1S" })
class SelfServiceTimingIntegrationTest {

	static final int ROUNDS = 100;

	static final int WARM_UP = 10;

	@LocalServerPort
	int port;

	TestFixtures api;
	String agent;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		agent = api.agent();
	}

	@Test
	void matchAndMismatchTakeTheSameTime() {
		String cedula = verifiedPerson(api, agent);
		long[] matches = new long[ROUNDS];
		long[] misses = new long[ROUNDS];
		Random random = new Random(11);
		for (int i = 0; i < ROUNDS; i++) {
			boolean missFirst = random.nextBoolean();
			if (missFirst) {
				misses[i] = Timing.timed(() -> recovery(api, cedula, "1958-04-22", "V4343V4242"));
			}
			matches[i] = Timing.timed(() -> recovery(api, cedula, "1958-04-21", "V4343V4242"));
			if (!missFirst) {
				misses[i] = Timing.timed(() -> recovery(api, cedula, "1958-04-22", "V4343V4242"));
			}
		}
		Timing.Comparison comparison = Timing.compare(tail(matches), tail(misses), null);
		System.out.println("recovery timing (match vs mismatch): " + comparison);

		comparison.assertIndistinguishable();
	}

	@Test
	void lockedAndNotLockedTakeTheSameTime() {
		String locked = verifiedPerson(api, agent);
		lock(api, locked);
		String notLocked = verifiedPerson(api, agent);
		long[] lockedTimes = new long[ROUNDS];
		long[] notLockedTimes = new long[ROUNDS];
		Random random = new Random(13);
		for (int i = 0; i < ROUNDS; i++) {
			boolean lockedFirst = random.nextBoolean();
			if (lockedFirst) {
				lockedTimes[i] = Timing.timed(() -> unlock(api, locked));
			}
			notLockedTimes[i] = Timing.timed(() -> unlock(api, notLocked));
			if (!lockedFirst) {
				lockedTimes[i] = Timing.timed(() -> unlock(api, locked));
			}
		}
		Timing.Comparison comparison = Timing.compare(tail(lockedTimes), tail(notLockedTimes), null);
		System.out.println("unlock timing (locked vs not locked): " + comparison);

		comparison.assertIndistinguishable();
	}

	private static long[] tail(long[] samples) {
		return java.util.Arrays.copyOfRange(samples, WARM_UP, samples.length);
	}
}
