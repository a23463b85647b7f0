package ec.gob.iess.clave.credential;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.credential.CredentialEvents.AccountReactivated;
import ec.gob.iess.clave.credential.CredentialEvents.AccountSuspended;
import ec.gob.iess.clave.credential.CredentialEvents.AccountUnlocked;
import ec.gob.iess.clave.credential.CredentialEvents.TemporaryPasswordIssued;
import ec.gob.iess.clave.session.SessionTermination;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What staff at a counter do to an account: create it, issue a temporary clave, unlock, suspend and
 * reactivate. Staff never see or choose a person's clave: the temporary one is random, shown once.
 */
@Service
public class CredentialAdministration {

	/** No look-alike characters (0/o, 1/l/i): the temporary clave is read off paper by a pensioner. */
	private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

	private static final SecureRandom RANDOM = new SecureRandom();

	public record TemporaryClave(String clave, Instant expiresAt) {
	}

	private final Accounts accounts;
	private final Hashing hashing;
	private final CredentialSettings settings;
	private final AuditLog audit;
	private final SessionTermination sessions;
	private final ApplicationEventPublisher events;
	private final Clock clock;

	CredentialAdministration(Accounts accounts, Hashing hashing, CredentialSettings settings, AuditLog audit,
			SessionTermination sessions, ApplicationEventPublisher events, Clock clock) {
		this.accounts = accounts;
		this.hashing = hashing;
		this.settings = settings;
		this.audit = audit;
		this.sessions = sessions;
		this.events = events;
		this.clock = clock;
	}

	public Optional<CredentialView> find(Username username) {
		return accounts.find(username.value()).map(Account::view);
	}

	/** Creates the account without a clave when there is none; its kind is the username's (cédula or RUC). */
	@Transactional
	public void ensureAccount(Username username) {
		accounts.createIfAbsent(username.value(), username.kind());
	}

	/** 25 characters in five groups ("k7mq2-x3pdz-…"): about 122 bits, well past the policy's minimum length. */
	@Transactional
	public TemporaryClave issueTemporary(Username name, Origin origin) {
		String username = name.value();
		Account account = accounts.lock(username).orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND));
		if (account.status() == CredentialStatus.SUSPENDIDA) {
			throw new Refusal(RefusalCode.FORBIDDEN);
		}
		String clave = randomClave();
		Instant expiresAt = clock.instant().plus(settings.temporaryPassword().ttl());
		account.issueTemporary(hashing.hash(clave), expiresAt);
		accounts.update(account);
		sessions.endAll(username);
		audit.record(AuditType.TEMPORARY_PASSWORD_ISSUED, username, Outcome.SUCCESS, origin, "valid until " + expiresAt);
		events.publishEvent(new TemporaryPasswordIssued(name, clock.instant(), origin));
		return new TemporaryClave(clave, expiresAt);
	}

	@Transactional
	public void unlock(Username name, Origin origin) {
		String username = name.value();
		Account account = accounts.lock(username).orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND));
		if (account.unlock()) {
			accounts.update(account);
			audit.record(AuditType.ACCOUNT_UNLOCKED, username, Outcome.SUCCESS, origin, null);
			events.publishEvent(new AccountUnlocked(name, clock.instant(), origin));
		}
	}

	@Transactional
	public void suspend(Username name, String reason, Origin origin) {
		String username = name.value();
		Account account = accounts.lock(username).orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND));
		if (account.suspend(reason)) {
			accounts.update(account);
			sessions.endAll(username);
			audit.record(AuditType.ACCOUNT_SUSPENDED, username, Outcome.SUCCESS, origin, reason);
			events.publishEvent(new AccountSuspended(name, clock.instant(), origin));
		}
	}

	/**
	 * "No fui yo" (PRODUCT.md §4.7a): the account is frozen at once through the suspension's own path
	 * (state, every session and token, {@link AccountSuspended} for the links and the services) and
	 * {@code FRAUD_REPORTED} is audited. An account already suspended stays so, and still has everything
	 * ended and the report recorded: the owner's word matters to the counter that reactivates.
	 */
	@Transactional
	public void reportFraud(Username name, Origin origin) {
		String username = name.value();
		Account account = accounts.lock(username).orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND));
		if (account.suspend(FRAUD_REPORT_REASON)) {
			accounts.update(account);
			audit.record(AuditType.ACCOUNT_SUSPENDED, username, Outcome.SUCCESS, origin, FRAUD_REPORT_REASON);
		}
		sessions.endAll(username);
		audit.record(AuditType.FRAUD_REPORTED, username, Outcome.SUCCESS, origin, null);
		events.publishEvent(new AccountSuspended(name, clock.instant(), origin, true));
	}

	/** The suspension's reason when the owner froze the account. */
	static final String FRAUD_REPORT_REASON = "No fui yo (reportado por el titular)";

	@Transactional
	public void reactivate(Username name, Origin origin) {
		String username = name.value();
		Account account = accounts.lock(username).orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND));
		if (account.reactivate()) {
			accounts.update(account);
			audit.record(AuditType.ACCOUNT_REACTIVATED, username, Outcome.SUCCESS, origin, null);
			events.publishEvent(new AccountReactivated(name, clock.instant(), origin));
		}
	}

	static String randomClave() {
		StringBuilder clave = new StringBuilder();
		for (int group = 0; group < 5; group++) {
			if (group > 0) {
				clave.append('-');
			}
			for (int i = 0; i < 5; i++) {
				clave.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
			}
		}
		return clave.toString();
	}
}
