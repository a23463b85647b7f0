package ec.gob.iess.clave.credential;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.credential.CredentialEvents.AccountLocked;
import ec.gob.iess.clave.device.Devices;
import ec.gob.iess.clave.device.Devices.Device;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks a cédula/RUC and clave, counting failures towards the lockout. Reached only through
 * {@link LoginProtections}, by login and by Cambio de clave (a wrong current clave counts too).
 *
 * <p>Every attempt costs exactly one Argon2id verification, against a dummy hash when the account
 * is unknown or has no clave, so the answer time does not tell which case it was (SECURITY.md 5).
 * The hash runs outside any transaction; the outcome is then settled under the account's row lock,
 * so that 50 parallel failures count exactly 50 and lock exactly once (SECURITY.md 7). Every failure
 * writes one row as well as the audit: the account's, or for an unknown account a dummy row, so the
 * database work does not tell the cases apart either.
 *
 * <p>A device holding the owner's device cookie ({@link Devices}) keeps its own count: its failures
 * do not count for the account, and it still logs in with the right clave while failures from
 * elsewhere hold the account BLOQUEADA; its own {@code max-failures} failures lock the device and the
 * account (SECURITY.md 33).
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
	private final Devices devices;
	private final AuditLog audit;
	private final ApplicationEventPublisher events;
	private final TransactionTemplate transactions;
	private final Clock clock;
	private final CredentialMetrics metrics;

	CredentialCheck(Accounts accounts, Hashing hashing, LockoutPolicy lockout, Devices devices, AuditLog audit,
			ApplicationEventPublisher events, TransactionTemplate transactions, Clock clock, CredentialMetrics metrics) {
		this.metrics = metrics;
		this.accounts = accounts;
		this.hashing = hashing;
		this.lockout = lockout;
		this.devices = devices;
		this.audit = audit;
		this.events = events;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * @param deviceCookie the device cookie or token presented, or null
	 * @param failureType the audit type of a failure: LOGIN_FAILED, or PASSWORD_CHANGED for Cambio de clave
	 * @param successType the audit type of a success (LOGIN_SUCCEEDED), recorded in the transaction that settles
	 *        it; null when the caller records what the success leads to itself
	 */
	Result check(Username username, String clave, String deviceCookie, Origin origin, AuditType failureType,
			AuditType successType) {
		Optional<Account> read = accounts.find(username.value());
		String hash = read.map(Account::passwordHash).orElse(null);
		boolean matches = hashing.verify(clave, hash);
		Optional<Device> device = deviceCookie == null ? Optional.empty() : devices.recognise(username.value(), deviceCookie);
		if (read.isEmpty()) {
			return transactions.execute(status -> settleUnknown(username.value(), origin, failureType));
		}
		return transactions.execute(status -> settle(username.value(), hash, matches, device, origin,
				new AuditTypes(failureType, successType)));
	}

	/**
	 * The same statements as a wrong clave, on the dummy row: lock it, rewrite it, audit. Decided from
	 * the read before the hash, so the lock query does not first miss (one round trip fewer would show).
	 * An account created meanwhile is judged at its next attempt.
	 */
	private Result settleUnknown(String username, Origin origin, AuditType failureType) {
		Account dummy = accounts.lockDummy();
		accounts.updateDummy(dummy);
		return fail(username, origin, failureType, "unknown account");
	}

	/** What a failure and a success are audited as (the success's may be null: not audited here). */
	private record AuditTypes(AuditType failure, AuditType success) {
	}

	private Result settle(String username, String hash, boolean matches, Optional<Device> device, Origin origin,
			AuditTypes types) {
		AuditType failureType = types.failure();
		Optional<Account> locked = accounts.lock(username);
		if (locked.isEmpty()) {
			return fail(username, origin, failureType, "unknown account");
		}
		Account account = locked.get();
		if (device.isPresent() && devices.lockIfTrusted(device.get(), username)) {
			return settleOnDevice(account, device.get(), hash, matches, origin, types);
		}
		if (!account.status().allowsLogin()) {
			accounts.update(account);
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
				locked(account, origin, "after " + account.failedAttempts() + " consecutive failures");
			}
			return new Failed();
		}
		return verified(account, hash, origin, types);
	}

	/** On the owner's trusted device: its own count, and a lock by others' failures does not hold it. */
	private Result settleOnDevice(Account account, Device device, String hash, boolean matches, Origin origin,
			AuditTypes types) {
		AuditType failureType = types.failure();
		String username = account.username();
		if (!account.status().allowsLogin() && !account.lockedWithActiveClave()) {
			return fail(username, origin, failureType, "account " + account.status() + ", trusted device");
		}
		if (!Objects.equals(account.passwordHash(), hash)) {
			return fail(username, origin, failureType, "clave changed meanwhile");
		}
		if (!matches) {
			boolean deviceLocked = devices.recordFailure(device, lockout.maxFailures());
			fail(username, origin, failureType, "wrong clave on a trusted device" + (deviceLocked ? ", device locked" : ""));
			if (deviceLocked && account.lock(clock.instant())) {
				accounts.update(account);
				locked(account, origin, "after " + lockout.maxFailures() + " consecutive failures on one trusted device");
			}
			return new Failed();
		}
		devices.recordSuccess(device);
		return verified(account, hash, origin, types);
	}

	/** The success commits with its audit event (and the reset of the failures, when there were any). */
	private Result verified(Account account, String hash, Origin origin, AuditTypes types) {
		if (account.temporaryExpired(clock.instant())) {
			return fail(account.username(), origin, types.failure(), "temporary clave expired");
		}
		if (account.failedAttempts() > 0 && account.status().allowsLogin()) {
			account.recordSuccess();
			accounts.update(account);
		}
		if (types.success() != null) {
			audit.record(types.success(), account.username(), Outcome.SUCCESS, origin,
					account.status() == CredentialStatus.TEMPORAL ? "temporary clave" : null);
		}
		return new Verified(account, hash);
	}

	private void locked(Account account, Origin origin, String detail) {
		metrics.lockout();
		audit.record(AuditType.ACCOUNT_LOCKED, account.username(), Outcome.SUCCESS, origin, detail);
		events.publishEvent(new AccountLocked(Username.parse(account.username()), clock.instant(), origin));
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
