package ec.gob.iess.clave.credential;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** After N consecutive failures the account is BLOQUEADA (SECURITY.md 6); N is at least 1. */
class LockoutPolicyUnitTest {

	static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

	static Account activa() {
		Account account = Account.withoutClave("1710034065", AccountKind.ASEGURADO);
		account.setClave("hash", NOW);
		return account;
	}

	@Test
	void locksFromTheNthConsecutiveFailureOn() {
		LockoutPolicy policy = new LockoutPolicy(5);

		assertThat(policy.locks(0)).isFalse();
		assertThat(policy.locks(4)).isFalse();
		assertThat(policy.locks(5)).isTrue();
		assertThat(policy.locks(6)).isTrue();
	}

	@Test
	void nMinusOneFailuresASuccessAndNMinusOneMoreDoNotLock() {
		LockoutPolicy policy = new LockoutPolicy(5);
		Account account = activa();
		for (int i = 0; i < 4; i++) {
			assertThat(account.recordFailure(policy, NOW)).isFalse();
		}
		account.recordSuccess();

		for (int i = 0; i < 4; i++) {
			assertThat(account.recordFailure(policy, NOW)).isFalse();
		}

		assertThat(account.status()).isEqualTo(CredentialStatus.ACTIVA);
	}

	@Test
	void nConsecutiveFailuresLockAndTheNthSaysSo() {
		LockoutPolicy policy = new LockoutPolicy(5);
		Account account = activa();
		for (int i = 0; i < 4; i++) {
			account.recordFailure(policy, NOW);
		}

		assertThat(account.recordFailure(policy, NOW)).isTrue();
		assertThat(account.status()).isEqualTo(CredentialStatus.BLOQUEADA);
	}

	@Test
	void withOneTheFirstFailureLocks() {
		LockoutPolicy policy = new LockoutPolicy(1);
		Account account = activa();

		assertThat(policy.locks(0)).isFalse();
		assertThat(account.recordFailure(policy, NOW)).isTrue();
		assertThat(account.status()).isEqualTo(CredentialStatus.BLOQUEADA);
	}

	@Test
	void theLargestSettingNeverLocksByOverflow() {
		LockoutPolicy policy = new LockoutPolicy(Integer.MAX_VALUE);

		assertThat(policy.locks(Integer.MAX_VALUE - 1)).isFalse();
		assertThat(policy.locks(Integer.MAX_VALUE)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, Integer.MIN_VALUE })
	void lessThanOneIsAConfigurationError(int maxFailures) {
		assertThatThrownBy(() -> new LockoutPolicy(maxFailures)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("clave.lockout.max-failures");
	}
}
