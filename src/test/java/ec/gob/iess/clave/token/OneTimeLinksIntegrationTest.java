package ec.gob.iess.clave.token;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ec.gob.iess.clave.session.Secrets;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MutableClock;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

/** One-time links on a real database (SECURITY.md 9–11): single use, bound, expiring, voidable, hashed. */
@ClaveIntegrationTest
class OneTimeLinksIntegrationTest {

	static final Duration UNLOCK_TTL = Duration.ofMinutes(3);
	static final Duration RECOVERY_TTL = Duration.ofMinutes(15);

	@LocalServerPort
	int port;

	@Autowired
	OneTimeLinks links;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	@Autowired
	TransactionTemplate transactions;

	String account;

	@BeforeEach
	void setUp() {
		clock.reset();
		account = TestCedulas.next();
	}

	@AfterEach
	void resetClock() {
		clock.reset();
	}

	@Test
	void anIssuedLinkIsValidForItsAccountUntilItsExpiry() {
		Instant before = clock.instant();

		String token = links.issue(account, LinkPurpose.RECOVERY, RECOVERY_TTL);

		assertThat(token).matches("[A-Za-z0-9_-]{43}");
		assertThat(links.check(token, LinkPurpose.RECOVERY)).isInstanceOfSatisfying(LinkCheck.Valid.class, valid -> {
			assertThat(valid.account()).isEqualTo(account);
			assertThat(valid.expiresAt()).isBetween(before.plus(RECOVERY_TTL).minusMillis(1), clock.instant().plus(RECOVERY_TTL));
		});
	}

	@Test
	void aLinkIsRedeemedOnce() {
		String token = links.issue(account, LinkPurpose.UNLOCK, UNLOCK_TTL);

		assertThat(links.redeem(token, LinkPurpose.UNLOCK)).contains(account);
		assertThat(links.redeem(token, LinkPurpose.UNLOCK)).isEmpty();
		assertThat(links.check(token, LinkPurpose.UNLOCK)).isInstanceOf(LinkCheck.Invalid.class);
	}

	@Test
	void unlockLinkWorksAtTwoMinutesFiftyAndIsRefusedAtThreeMinutesTen() {
		String early = links.issue(account, LinkPurpose.UNLOCK, UNLOCK_TTL);
		clock.advance(Duration.ofMinutes(2).plusSeconds(50));
		assertThat(links.check(early, LinkPurpose.UNLOCK)).isInstanceOf(LinkCheck.Valid.class);
		assertThat(links.redeem(early, LinkPurpose.UNLOCK)).contains(account);

		clock.reset();
		String late = links.issue(account, LinkPurpose.UNLOCK, UNLOCK_TTL);
		clock.advance(Duration.ofMinutes(3).plusSeconds(10));
		assertThat(links.check(late, LinkPurpose.UNLOCK)).isEqualTo(new LinkCheck.Expired(account));
		assertThat(links.redeem(late, LinkPurpose.UNLOCK)).isEmpty();
	}

	@Test
	void aLinkIsRefusedFromTheMomentItsTtlIsReached() {
		String token = links.issue(account, LinkPurpose.UNLOCK, UNLOCK_TTL);

		clock.advance(UNLOCK_TTL);

		assertThat(links.check(token, LinkPurpose.UNLOCK)).isEqualTo(new LinkCheck.Expired(account));
		assertThat(links.redeem(token, LinkPurpose.UNLOCK)).isEmpty();
	}

	@Test
	void aNewerLinkVoidsTheOlderOneOfTheSamePurposeOnly() {
		String recovery = links.issue(account, LinkPurpose.RECOVERY, RECOVERY_TTL);
		String older = links.issue(account, LinkPurpose.UNLOCK, UNLOCK_TTL);

		String newer = links.issue(account, LinkPurpose.UNLOCK, UNLOCK_TTL);

		assertThat(links.check(older, LinkPurpose.UNLOCK)).isInstanceOf(LinkCheck.Invalid.class);
		assertThat(links.redeem(older, LinkPurpose.UNLOCK)).isEmpty();
		assertThat(links.check(recovery, LinkPurpose.RECOVERY)).isInstanceOf(LinkCheck.Valid.class);
		assertThat(links.redeem(newer, LinkPurpose.UNLOCK)).contains(account);
	}

	@Test
	void anotherAccountsNewLinkVoidsNothing() {
		String mine = links.issue(account, LinkPurpose.UNLOCK, UNLOCK_TTL);

		links.issue(TestCedulas.next(), LinkPurpose.UNLOCK, UNLOCK_TTL);

		assertThat(links.redeem(mine, LinkPurpose.UNLOCK)).contains(account);
	}

	@Test
	void voidAllVoidsEveryOpenLinkOfTheAccountOnly() {
		String recovery = links.issue(account, LinkPurpose.RECOVERY, RECOVERY_TTL);
		String unlock = links.issue(account, LinkPurpose.UNLOCK, UNLOCK_TTL);
		String contact = links.issue(account, LinkPurpose.CONTACT_CONFIRMATION, RECOVERY_TTL);
		String other = TestCedulas.next();
		String theirs = links.issue(other, LinkPurpose.RECOVERY, RECOVERY_TTL);

		links.voidAll(account);

		assertThat(links.check(recovery, LinkPurpose.RECOVERY)).isInstanceOf(LinkCheck.Invalid.class);
		assertThat(links.check(unlock, LinkPurpose.UNLOCK)).isInstanceOf(LinkCheck.Invalid.class);
		assertThat(links.check(contact, LinkPurpose.CONTACT_CONFIRMATION)).isInstanceOf(LinkCheck.Invalid.class);
		assertThat(links.redeem(recovery, LinkPurpose.RECOVERY)).isEmpty();
		assertThat(links.redeem(theirs, LinkPurpose.RECOVERY)).contains(other);
	}

	@Test
	void aLinkOfOnePurposeIsRefusedForAnotherAndStaysUsable() {
		String unlock = links.issue(account, LinkPurpose.UNLOCK, UNLOCK_TTL);

		assertThat(links.check(unlock, LinkPurpose.RECOVERY)).isInstanceOf(LinkCheck.Invalid.class);
		assertThat(links.redeem(unlock, LinkPurpose.RECOVERY)).isEmpty();
		assertThat(links.redeem(unlock, LinkPurpose.CONTACT_CONFIRMATION)).isEmpty();

		assertThat(links.redeem(unlock, LinkPurpose.UNLOCK)).contains(account);
	}

	@Test
	void checkingALinkChangesNothing() {
		String token = links.issue(account, LinkPurpose.RECOVERY, RECOVERY_TTL);
		String before = row(token);

		for (int i = 0; i < 50; i++) {
			assertThat(links.check(token, LinkPurpose.RECOVERY)).isInstanceOf(LinkCheck.Valid.class);
		}

		assertThat(row(token)).isEqualTo(before);
		assertThat(links.redeem(token, LinkPurpose.RECOVERY)).contains(account);
	}

	@Test
	void twentyConcurrentRedemptionsHaveExactlyOneWinner() throws Exception {
		String token = links.issue(account, LinkPurpose.RECOVERY, RECOVERY_TTL);
		int racers = 20;
		CountDownLatch ready = new CountDownLatch(racers);
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(racers);
		try {
			List<Future<Optional<String>>> results = new ArrayList<>();
			for (int i = 0; i < racers; i++) {
				Callable<Optional<String>> race = () -> {
					ready.countDown();
					go.await();
					return links.redeem(token, LinkPurpose.RECOVERY);
				};
				results.add(pool.submit(race));
			}
			ready.await(10, TimeUnit.SECONDS);
			go.countDown();
			List<Optional<String>> outcomes = new ArrayList<>();
			for (Future<Optional<String>> result : results) {
				outcomes.add(result.get(30, TimeUnit.SECONDS));
			}
			assertThat(outcomes.stream().filter(Optional::isPresent)).singleElement().isEqualTo(Optional.of(account));
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** [db] SECURITY.md 9: a copy of the table opens nothing. */
	@Test
	void theDatabaseHoldsOnlyTheHashOfEachToken() {
		List<String> tokens = List.of(links.issue(account, LinkPurpose.RECOVERY, RECOVERY_TTL),
				links.issue(account, LinkPurpose.UNLOCK, UNLOCK_TTL),
				links.issue(account, LinkPurpose.CONTACT_CONFIRMATION, RECOVERY_TTL));

		List<String> rows = jdbc.sql("select * from one_time_links").query((rs, n) -> {
			StringBuilder all = new StringBuilder();
			for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
				all.append(rs.getString(c)).append('|');
			}
			return all.toString();
		}).list();

		assertThat(rows).isNotEmpty();
		for (String token : tokens) {
			assertThat(rows).noneMatch(row -> row.contains(token));
			assertThat(jdbc.sql("select account from one_time_links where token_hash = ?").param(Secrets.sha256(token))
				.query(String.class).single()).isEqualTo(account);
		}
	}

	@Test
	void aRolledBackRedemptionLeavesTheLinkUnused() {
		String token = links.issue(account, LinkPurpose.RECOVERY, RECOVERY_TTL);

		transactions.executeWithoutResult(status -> {
			assertThat(links.redeem(token, LinkPurpose.RECOVERY)).contains(account);
			status.setRollbackOnly();
		});

		assertThat(links.redeem(token, LinkPurpose.RECOVERY)).contains(account);
	}

	@Test
	void aRolledBackIssueLeavesNoLinkAndVoidsNothing() {
		String earlier = links.issue(account, LinkPurpose.UNLOCK, UNLOCK_TTL);
		String[] rolledBack = new String[1];

		transactions.executeWithoutResult(status -> {
			rolledBack[0] = links.issue(account, LinkPurpose.UNLOCK, UNLOCK_TTL);
			status.setRollbackOnly();
		});

		assertThat(links.check(rolledBack[0], LinkPurpose.UNLOCK)).isInstanceOf(LinkCheck.Invalid.class);
		assertThat(links.redeem(earlier, LinkPurpose.UNLOCK)).contains(account);
	}

	@Test
	void malformedTokensAreInvalid() {
		links.issue(account, LinkPurpose.RECOVERY, RECOVERY_TTL);
		List<String> malformed = new ArrayList<>(List.of("", " ", "abc", "x".repeat(42), "x".repeat(44), "x".repeat(101),
				"+".repeat(43), "/".repeat(43), "=".repeat(43), "ñ".repeat(43), "' or '1'='1' --" + "x".repeat(28),
				"x".repeat(42) + "\n"));
		malformed.add(null);

		for (String token : malformed) {
			assertThat(links.check(token, LinkPurpose.RECOVERY)).as("%s", token).isInstanceOf(LinkCheck.Invalid.class);
			assertThat(links.redeem(token, LinkPurpose.RECOVERY)).as("%s", token).isEmpty();
		}
		assertThat(links.check(Secrets.newToken(), LinkPurpose.RECOVERY)).isInstanceOf(LinkCheck.Invalid.class);
	}

	@Nested
	class ClaveChanges {

		TestFixtures api;
		String agent;

		@BeforeEach
		void setUp() {
			api = new TestFixtures(port);
			agent = api.agent();
		}

		@Test
		void cambioDeClaveThroughTheApiVoidsTheAccountsOpenLinks() {
			String cedula = api.activePerson(agent);
			String recovery = links.issue(cedula, LinkPurpose.RECOVERY, RECOVERY_TTL);
			String unlock = links.issue(cedula, LinkPurpose.UNLOCK, UNLOCK_TTL);

			HttpResponse<String> changed = api.post("/api/v1/password/change", "{\"username\":" + quote(cedula)
					+ ",\"currentPassword\":" + quote(GOOD_CLAVE) + ",\"newPassword\":"
					+ quote("el colibrí vuela sobre el cotopaxi") + ",\"acceptAgreement\":true}", null);

			assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
			assertThat(links.check(recovery, LinkPurpose.RECOVERY)).isInstanceOf(LinkCheck.Invalid.class);
			assertThat(links.redeem(unlock, LinkPurpose.UNLOCK)).isEmpty();
		}

		@Test
		void aRefusedCambioDeClaveVoidsNothing() {
			String cedula = api.activePerson(agent);
			String recovery = links.issue(cedula, LinkPurpose.RECOVERY, RECOVERY_TTL);

			HttpResponse<String> refused = api.post("/api/v1/password/change", "{\"username\":" + quote(cedula)
					+ ",\"currentPassword\":" + quote("no es mi clave actual") + ",\"newPassword\":"
					+ quote("el colibrí vuela sobre el cotopaxi") + ",\"acceptAgreement\":true}", null);

			assertThat(refused.statusCode()).isEqualTo(401);
			assertThat(links.redeem(recovery, LinkPurpose.RECOVERY)).contains(cedula);
		}

		@Test
		void aResetThroughARecoveryLinkVoidsTheAccountsOtherOpenLinks() {
			String cedula = api.activePerson(agent);
			String other = api.activePerson(agent);
			String recovery = links.issue(cedula, LinkPurpose.RECOVERY, RECOVERY_TTL);
			String unlock = links.issue(cedula, LinkPurpose.UNLOCK, UNLOCK_TTL);
			String othersUnlock = links.issue(other, LinkPurpose.UNLOCK, UNLOCK_TTL);

			HttpResponse<String> reset = api.post("/api/v1/password/reset", "{\"token\":" + quote(recovery)
					+ ",\"newPassword\":" + quote("el colibrí vuela sobre el cotopaxi") + ",\"acceptAgreement\":true}", null);

			assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);
			assertThat(links.check(unlock, LinkPurpose.UNLOCK)).isInstanceOf(LinkCheck.Invalid.class);
			assertThat(links.check(othersUnlock, LinkPurpose.UNLOCK)).isInstanceOf(LinkCheck.Valid.class);
		}

		@Test
		void aTemporaryClaveFromTheCounterVoidsTheAccountsOpenLinks() {
			String cedula = api.activePerson(agent);
			String recovery = links.issue(cedula, LinkPurpose.RECOVERY, RECOVERY_TTL);

			api.temporaryClave(agent, cedula);

			assertThat(links.redeem(recovery, LinkPurpose.RECOVERY)).isEmpty();
		}

		@Test
		void aSuspensionVoidsTheAccountsOpenLinks() {
			String cedula = api.activePerson(agent);
			String unlock = links.issue(cedula, LinkPurpose.UNLOCK, UNLOCK_TTL);

			HttpResponse<String> suspended = api.post("/api/v1/staff/persons/" + cedula + "/suspend",
					"{\"reason\":\"fraude reportado por la familia\"}", agent);

			assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(204);
			assertThat(links.redeem(unlock, LinkPurpose.UNLOCK)).isEmpty();
		}
	}

	private String row(String token) {
		return jdbc.sql("select account, purpose, created_at, expires_at, used_at, voided_at from one_time_links where token_hash = ?")
			.param(Secrets.sha256(token))
			.query((rs, n) -> rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getTimestamp(3) + "|" + rs.getTimestamp(4)
					+ "|" + rs.getTimestamp(5) + "|" + rs.getTimestamp(6))
			.single();
	}
}
