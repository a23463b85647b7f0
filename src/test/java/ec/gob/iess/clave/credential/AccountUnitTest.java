package ec.gob.iess.clave.credential;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every transition of an account's clave (PRODUCT.md §3: SIN_CLAVE → TEMPORAL → ACTIVA ⇄ BLOQUEADA;
 * any → SUSPENDIDA), legal and illegal, each reached the way the application reaches it.
 */
class AccountUnitTest {

	static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
	static final LockoutPolicy FIVE = new LockoutPolicy(5);

	static Account sinClave() {
		return Account.withoutClave("1710034065", AccountKind.ASEGURADO);
	}

	static Account temporal() {
		Account account = sinClave();
		account.issueTemporary("temporal-hash", NOW.plus(Duration.ofHours(72)));
		return account;
	}

	static Account activa() {
		Account account = temporal();
		account.setClave("own-hash", NOW);
		return account;
	}

	static Account bloqueada() {
		Account account = activa();
		for (int i = 0; i < 5; i++) {
			account.recordFailure(FIVE, NOW);
		}
		return account;
	}

	static Account suspendida() {
		Account account = activa();
		account.suspend("fraude");
		return account;
	}

	static Account in(CredentialStatus status) {
		Account account = switch (status) {
			case SIN_CLAVE -> sinClave();
			case TEMPORAL -> temporal();
			case ACTIVA -> activa();
			case BLOQUEADA -> bloqueada();
			case SUSPENDIDA -> suspendida();
		};
		assertThat(account.status()).isEqualTo(status);
		return account;
	}

	/** What a refused transition must leave exactly as it was. */
	static String state(Account account) {
		return account.status() + "|" + account.passwordHash() + "|" + account.temporaryExpiresAt() + "|"
				+ account.failedAttempts() + "|" + account.lockedAt() + "|" + account.suspendedReason() + "|"
				+ account.passwordChangedAt();
	}

	static void assertRefusedWithoutChange(CredentialStatus from, Function<Account, Boolean> transition) {
		Account account = in(from);
		String before = state(account);
		assertThat(transition.apply(account)).as(from.toString()).isFalse();
		assertThat(state(account)).as(from.toString()).isEqualTo(before);
	}

	@Test
	void aNewAccountHasNoClaveAndNoFailures() {
		Account account = sinClave();

		assertThat(account.status()).isEqualTo(CredentialStatus.SIN_CLAVE);
		assertThat(account.passwordHash()).isNull();
		assertThat(account.failedAttempts()).isZero();
		assertThat(account.kind()).isEqualTo(AccountKind.ASEGURADO);
	}

	@Nested
	class Failures {

		@ParameterizedTest
		@EnumSource(names = { "TEMPORAL", "ACTIVA" })
		void countUntilTheFifthLocks(CredentialStatus from) {
			Account account = in(from);
			for (int i = 1; i <= 4; i++) {
				assertThat(account.recordFailure(FIVE, NOW)).isFalse();
				assertThat(account.failedAttempts()).isEqualTo(i);
				assertThat(account.status()).isEqualTo(from);
			}

			assertThat(account.recordFailure(FIVE, NOW.plusSeconds(5))).as("the fifth locks").isTrue();

			assertThat(account.status()).isEqualTo(CredentialStatus.BLOQUEADA);
			assertThat(account.lockedAt()).isEqualTo(NOW.plusSeconds(5));
			assertThat(account.failedAttempts()).isEqualTo(5);
		}

		@ParameterizedTest
		@EnumSource(names = { "SIN_CLAVE", "BLOQUEADA", "SUSPENDIDA" })
		void areNotCountedWhereNoLoginIsPossible(CredentialStatus from) {
			assertRefusedWithoutChange(from, account -> account.recordFailure(FIVE, NOW));
		}

		@Test
		void aLockedAccountIsLockedOnceHoweverManyFailuresFollow() {
			Account account = bloqueada();
			Instant lockedAt = account.lockedAt();

			for (int i = 0; i < 50; i++) {
				assertThat(account.recordFailure(FIVE, NOW.plusSeconds(60))).isFalse();
			}

			assertThat(account.failedAttempts()).isEqualTo(5);
			assertThat(account.lockedAt()).isEqualTo(lockedAt);
		}

		@Test
		void aSuccessStartsTheCountAgain() {
			Account account = activa();
			for (int i = 0; i < 4; i++) {
				account.recordFailure(FIVE, NOW);
			}

			account.recordSuccess();
			for (int i = 0; i < 4; i++) {
				assertThat(account.recordFailure(FIVE, NOW)).isFalse();
			}

			assertThat(account.status()).isEqualTo(CredentialStatus.ACTIVA);
			assertThat(account.failedAttempts()).isEqualTo(4);
		}
	}

	@Nested
	class OwnClave {

		@ParameterizedTest
		@EnumSource(names = { "SIN_CLAVE", "TEMPORAL", "ACTIVA", "BLOQUEADA" })
		void makesTheAccountActivaAndClearsFailuresLockAndTemporaryExpiry(CredentialStatus from) {
			Account account = in(from);

			account.setClave("new-hash", NOW.plusSeconds(1));

			assertThat(account.status()).isEqualTo(CredentialStatus.ACTIVA);
			assertThat(account.passwordHash()).isEqualTo("new-hash");
			assertThat(account.failedAttempts()).isZero();
			assertThat(account.lockedAt()).isNull();
			assertThat(account.temporaryExpiresAt()).isNull();
			assertThat(account.passwordChangedAt()).isEqualTo(NOW.plusSeconds(1));
		}

		@Test
		void isRefusedToASuspendedAccount() {
			Account account = suspendida();
			String before = state(account);

			assertThatThrownBy(() -> account.setClave("new-hash", NOW)).isInstanceOf(IllegalStateException.class);
			assertThat(state(account)).isEqualTo(before);
		}
	}

	@Nested
	class TemporaryClave {

		@ParameterizedTest
		@EnumSource(names = { "SIN_CLAVE", "TEMPORAL", "ACTIVA", "BLOQUEADA" })
		void makesTheAccountTemporalUntilItsExpiryAndClearsFailuresAndLock(CredentialStatus from) {
			Account account = in(from);
			Instant expires = NOW.plus(Duration.ofHours(72));

			account.issueTemporary("temporary-hash", expires);

			assertThat(account.status()).isEqualTo(CredentialStatus.TEMPORAL);
			assertThat(account.passwordHash()).isEqualTo("temporary-hash");
			assertThat(account.temporaryExpiresAt()).isEqualTo(expires);
			assertThat(account.failedAttempts()).isZero();
			assertThat(account.lockedAt()).isNull();
		}

		@Test
		void isRefusedToASuspendedAccount() {
			Account account = suspendida();
			String before = state(account);

			assertThatThrownBy(() -> account.issueTemporary("temporary-hash", NOW)).isInstanceOf(IllegalStateException.class);
			assertThat(state(account)).isEqualTo(before);
		}

		@Test
		void expiresAtItsInstantNotBefore() {
			Account account = temporal();
			Instant expires = account.temporaryExpiresAt();

			assertThat(account.temporaryExpired(expires.minusMillis(1))).isFalse();
			assertThat(account.temporaryExpired(expires)).isTrue();
			assertThat(account.temporaryExpired(expires.plusSeconds(1))).isTrue();
		}

		@Test
		void anOwnClaveNeverExpires() {
			assertThat(activa().temporaryExpired(NOW.plus(Duration.ofDays(10_000)))).isFalse();
		}
	}

	@Nested
	class Unlock {

		@Test
		void returnsALockedAccountToActivaWithNoFailures() {
			Account account = bloqueada();

			assertThat(account.unlock()).isTrue();

			assertThat(account.status()).isEqualTo(CredentialStatus.ACTIVA);
			assertThat(account.failedAttempts()).isZero();
			assertThat(account.lockedAt()).isNull();
			assertThat(account.passwordHash()).isEqualTo("own-hash");
		}

		@Test
		void returnsALockedTemporaryClaveToTemporal() {
			Account account = temporal();
			for (int i = 0; i < 5; i++) {
				account.recordFailure(FIVE, NOW);
			}
			assertThat(account.status()).isEqualTo(CredentialStatus.BLOQUEADA);

			assertThat(account.unlock()).isTrue();

			assertThat(account.status()).isEqualTo(CredentialStatus.TEMPORAL);
		}

		@ParameterizedTest
		@EnumSource(names = { "SIN_CLAVE", "TEMPORAL", "ACTIVA", "SUSPENDIDA" })
		void changesNothingUnlessLocked(CredentialStatus from) {
			assertRefusedWithoutChange(from, Account::unlock);
		}
	}

	@Nested
	class Suspension {

		@ParameterizedTest
		@EnumSource(names = { "SIN_CLAVE", "TEMPORAL", "ACTIVA", "BLOQUEADA" })
		void freezesAnyStateWithItsReason(CredentialStatus from) {
			Account account = in(from);

			assertThat(account.suspend("fraude reportado")).isTrue();

			assertThat(account.status()).isEqualTo(CredentialStatus.SUSPENDIDA);
			assertThat(account.suspendedReason()).isEqualTo("fraude reportado");
		}

		@Test
		void aSuspendedAccountIsNotSuspendedAgainAndKeepsTheFirstReason() {
			assertRefusedWithoutChange(CredentialStatus.SUSPENDIDA, account -> account.suspend("otra razón"));
		}

		@ParameterizedTest
		@EnumSource(names = { "SIN_CLAVE", "TEMPORAL", "ACTIVA", "BLOQUEADA" })
		void reactivationChangesNothingUnlessSuspended(CredentialStatus from) {
			assertRefusedWithoutChange(from, Account::reactivate);
		}

		@Test
		void reactivationReturnsAnOwnClaveToActivaAndForgetsTheReason() {
			Account account = suspendida();

			assertThat(account.reactivate()).isTrue();

			assertThat(account.status()).isEqualTo(CredentialStatus.ACTIVA);
			assertThat(account.suspendedReason()).isNull();
		}

		@Test
		void reactivationReturnsATemporaryClaveToTemporalAndNoClaveToSinClave() {
			Account temporary = temporal();
			temporary.suspend("fraude");
			Account none = sinClave();
			none.suspend("fraude");

			assertThat(temporary.reactivate()).isTrue();
			assertThat(none.reactivate()).isTrue();

			assertThat(temporary.status()).isEqualTo(CredentialStatus.TEMPORAL);
			assertThat(none.status()).isEqualTo(CredentialStatus.SIN_CLAVE);
		}

		/** The supervisor who reactivates has seen the person at the counter: the lock goes with the suspension. */
		@Test
		void reactivatingALockedThenSuspendedAccountClearsTheLockToo() {
			Account account = bloqueada();
			account.suspend("fraude");

			assertThat(account.reactivate()).isTrue();

			assertThat(account.status()).isEqualTo(CredentialStatus.ACTIVA);
			assertThat(account.failedAttempts()).isZero();
			assertThat(account.lockedAt()).isNull();
		}

		@ParameterizedTest
		@EnumSource(CredentialStatus.class)
		void onlyTemporalAndActivaMayLogIn(CredentialStatus status) {
			assertThat(status.allowsLogin()).isEqualTo(status == CredentialStatus.TEMPORAL || status == CredentialStatus.ACTIVA);
		}
	}
}
