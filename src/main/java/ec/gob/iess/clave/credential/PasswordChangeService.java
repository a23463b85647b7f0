package ec.gob.iess.clave.credential;

import java.time.Clock;

import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.credential.CredentialEvents.PasswordChanged;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cambio de clave (web and {@code POST /api/v1/password/change}): the current clave, a new one that
 * meets the policy, and the acuerdo de uso accepted. A wrong current clave counts as a failed login.
 * Success ends every other session and token of the account.
 */
@Service
public class PasswordChangeService {

	/** The request: {@code keepWebSessionId} / {@code keepAccessToken} name the session making it, which survives. */
	public record Change(String username, String currentClave, String newClave, boolean agreementAccepted,
			String keepWebSessionId, String keepAccessToken) {
	}

	private final CredentialCheck check;
	private final ClaveRules rules;
	private final Hashing hashing;
	private final Accounts accounts;
	private final NewClave newClave;
	private final ApplicationEventPublisher events;
	private final TransactionTemplate transactions;
	private final Clock clock;

	PasswordChangeService(CredentialCheck check, ClaveRules rules, Hashing hashing, Accounts accounts, NewClave newClave,
			ApplicationEventPublisher events, TransactionTemplate transactions, Clock clock) {
		this.check = check;
		this.rules = rules;
		this.hashing = hashing;
		this.accounts = accounts;
		this.newClave = newClave;
		this.events = events;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * @throws Refusal INVALID_CEDULA/INVALID_RUC, AGREEMENT_REQUIRED, WEAK_PASSWORD (with reasons),
	 *         INVALID_CREDENTIALS (identical for every kind of failure), UNAVAILABLE
	 */
	public void change(Change change, Origin origin) {
		Username username = Username.parse(change.username());
		Origin self = origin.as(username.value());
		if (!change.agreementAccepted()) {
			throw new Refusal(RefusalCode.AGREEMENT_REQUIRED);
		}
		rules.requireAcceptableForAnyone(change.newClave());
		if (!(check.check(username, change.currentClave(), self, AuditType.PASSWORD_CHANGED)
				instanceof CredentialCheck.Verified verified)) {
			throw new Refusal(RefusalCode.INVALID_CREDENTIALS);
		}
		rules.requireAcceptableFor(username, change.newClave());
		if (change.newClave().equals(change.currentClave())) {
			throw Refusal.weakPassword(java.util.List.of(WeakReason.SAME_AS_CURRENT.name()));
		}
		String newHash = hashing.hash(change.newClave());
		transactions.executeWithoutResult(status -> {
			Account account = accounts.lock(username.value()).orElseThrow();
			if (!verified.verifiedHash().equals(account.passwordHash()) || !account.status().allowsLogin()) {
				// Changed or locked by someone else since the check: refuse like any failure.
				throw new Refusal(RefusalCode.INVALID_CREDENTIALS);
			}
			newClave.set(account, newHash, self, AuditType.PASSWORD_CHANGED, change.keepWebSessionId(),
					change.keepAccessToken());
			events.publishEvent(new PasswordChanged(username.value(), clock.instant(), self));
		});
	}
}
