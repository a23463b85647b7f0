package ec.gob.iess.clave.credential;

import java.time.Clock;

import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.credential.CredentialEvents.PasswordReset;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sets a clave chosen through a recovery link, in two steps: {@link #prepare} checks the policy and
 * hashes outside any transaction; {@link #apply} sets it inside the transaction that also consumes
 * the link, so the two succeed or fail together.
 */
@Service
public class PasswordResetService {

	private final ClaveRules rules;
	private final Hashing hashing;
	private final Accounts accounts;
	private final NewClave newClave;
	private final ApplicationEventPublisher events;
	private final Clock clock;

	PasswordResetService(ClaveRules rules, Hashing hashing, Accounts accounts, NewClave newClave,
			ApplicationEventPublisher events, Clock clock) {
		this.rules = rules;
		this.hashing = hashing;
		this.accounts = accounts;
		this.newClave = newClave;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * The holder of a valid link has shown control of the verified mailbox, so the rules about their own
	 * data apply with reasons.
	 *
	 * @return the hash to give to {@link #apply}
	 * @throws Refusal WEAK_PASSWORD with reasons
	 */
	public String prepare(Username username, String newClave) {
		rules.requireAcceptableFor(username, newClave);
		return hashing.hash(newClave);
	}

	/**
	 * Sets the clave (ACTIVA; failures and lock cleared), stores the acuerdo's acceptance, ends every
	 * session and token of the account and audits PASSWORD_RESET. A suspended account gets no clave.
	 *
	 * @throws Refusal TOKEN_INVALID when the account cannot take a clave (unknown or suspended)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void apply(Username name, String hash, Origin origin) {
		String username = name.value();
		Account account = accounts.lock(username).orElseThrow(() -> new Refusal(RefusalCode.TOKEN_INVALID));
		if (account.status() == CredentialStatus.SUSPENDIDA) {
			throw new Refusal(RefusalCode.TOKEN_INVALID);
		}
		newClave.set(account, hash, origin, AuditType.PASSWORD_RESET, null, null);
		events.publishEvent(new PasswordReset(name, clock.instant(), origin));
	}
}
