package ec.gob.iess.clave.credential;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.credential.CredentialEvents.AccountLocked;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks a cédula/RUC and clave, counting failures towards the lockout. Used by login and by Cambio
 * de clave (a wrong current clave counts too).
 *
 * <p>Every attempt costs exactly one Argon2id verification, against a dummy hash when the account
 * is unknown or has no clave, so the answer time does not tell which case it was (SECURITY.md 5).
 * The hash runs outside any transaction; the outcome is then settled under the account's row lock,
 * so that 50 parallel failures count exactly 50 and lock exactly once (SECURITY.md 7).
 */
@Component
class CredentialCheck {

	sealed interface Result {
	}

	record Verified(Account account, String verifiedHash) implements Result {
	}

	record Failed() implements Result {
	}

	private final Accounts accounts;
	private final Hashing hashing;
	private final LockoutPolicy lockout;
	private final AuditLog audit;
	private final ApplicationEventPublisher events;
	private final TransactionTemplate transactions;
	private final Clock clock;

	CredentialCheck(Accounts accounts, Hashing hashing, LockoutPolicy lockout, AuditLog audit,
			ApplicationEventPublisher events, TransactionTemplate transactions, Clock clock) {
		this.accounts = accounts;
		this.hashing = hashing;
		this.lockout = lockout;
		this.audit = audit;
		this.events = events;
		this.transactions = transactions;
		this.clock = clock;
	}

	/** @param failureType the audit type of a failure: LOGIN_FAILED, or PASSWORD_CHANGED for Cambio de clave */
	Result check(Username username, String clave, Origin origin, AuditType failureType) {
		String hash = accounts.find(username.value()).map(Account::passwordHash).orElse(null);
		boolean matches = hashing.verify(clave, hash);
		return transactions.execute(status -> settle(username.value(), hash, matches, origin, failureType));
	}

	private Result settle(String username, String hash, boolean matches, Origin origin, AuditType failureType) {
		Optional<Account> locked = accounts.lock(username);
		if (locked.isEmpty()) {
			return fail(username, origin, failureType, "unknown account");
		}
		Account account = locked.get();
		if (!account.status().allowsLogin()) {
			return fail(username, origin, failureType, "account " + account.status());
		}
		if (!Objects.equals(account.passwordHash(), hash)) {
			// The clave changed between the read and the lock: judge nothing against a stale hash.
			return fail(username, origin, failureType, "clave changed meanwhile");
		}
		if (!matches) {
			boolean lockedNow = account.recordFailure(lockout, clock.instant());
			accounts.update(account);
			fail(username, origin, failureType, "wrong clave, failure " + account.failedAttempts());
			if (lockedNow) {
				audit.record(AuditType.ACCOUNT_LOCKED, username, Outcome.SUCCESS, origin,
						"after " + account.failedAttempts() + " consecutive failures");
				events.publishEvent(new AccountLocked(username, clock.instant(), origin));
			}
			return new Failed();
		}
		if (account.temporaryExpired(clock.instant())) {
			return fail(username, origin, failureType, "temporary clave expired");
		}
		if (account.failedAttempts() > 0) {
			account.recordSuccess();
			accounts.update(account);
		}
		return new Verified(account, hash);
	}

	private Failed fail(String username, Origin origin, AuditType type, String detail) {
		audit.record(type, username, Outcome.FAILURE, origin, detail);
		return new Failed();
	}

	/** Raises the stored hash's parameters after a successful login (OWASP), unless the clave changed meanwhile. */
	void rehashIfNeeded(Account account, String verifiedHash, String clave) {
		if (hashing.needsRehash(verifiedHash)) {
			accounts.replaceHash(account.username(), verifiedHash, hashing.hash(clave));
		}
	}
}
