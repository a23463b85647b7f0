package ec.gob.iess.clave.credential;

import java.time.Clock;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.session.SessionTermination;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What every new clave chosen by its owner brings, whether through Cambio de clave or a recovery
 * link: ACTIVA with failures and lock cleared, the acuerdo de uso accepted in its current version,
 * the audit, and every other session and token of the account ended.
 */
@Component
class NewClave {

	private final Accounts accounts;
	private final Agreements agreements;
	private final AuditLog audit;
	private final SessionTermination sessions;
	private final Clock clock;

	NewClave(Accounts accounts, Agreements agreements, AuditLog audit, SessionTermination sessions, Clock clock) {
		this.accounts = accounts;
		this.agreements = agreements;
		this.audit = audit;
		this.sessions = sessions;
		this.clock = clock;
	}

	/**
	 * @param type PASSWORD_CHANGED or PASSWORD_RESET
	 * @param keepWebSessionId / keepAccessToken the session making the change, which survives; {@code null} for none
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void set(Account account, String hash, Origin origin, AuditType type, String keepWebSessionId, String keepAccessToken) {
		account.setClave(hash, clock.instant());
		accounts.update(account);
		int version = agreements.current().version();
		agreements.accept(account.username(), version, origin.channel());
		audit.record(AuditType.AGREEMENT_ACCEPTED, account.username(), Outcome.SUCCESS, origin, "version " + version);
		audit.record(type, account.username(), Outcome.SUCCESS, origin, null);
		sessions.endAllExcept(account.username(), keepWebSessionId, keepAccessToken);
	}
}
