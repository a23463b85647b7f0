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

	/**
	 * The request: {@code keepWebSessionId} / {@code keepAccessToken} name the session making it, which
	 * survives; {@code captchaSolution} and {@code deviceCookie} go to the same protections as a login.
	 */
	public record Change(String username, String currentClave, String newClave, boolean agreementAccepted,
			String keepWebSessionId, String keepAccessToken, String captchaSolution, String deviceCookie) {

		public Change(String username, String currentClave, String newClave, boolean agreementAccepted,
				String keepWebSessionId, String keepAccessToken) {
			this(username, currentClave, newClave, agreementAccepted, keepWebSessionId, keepAccessToken, null, null);
		}
	}

	private final LoginProtections protections;
	private final ClaveRules rules;
	private final Hashing hashing;
	private final Accounts accounts;
	private final NewClave newClave;
	private final ApplicationEventPublisher events;
	private final TransactionTemplate transactions;
	private final Clock clock;

	PasswordChangeService(LoginProtections protections, ClaveRules rules, Hashing hashing, Accounts accounts, NewClave newClave,
			ApplicationEventPublisher events, TransactionTemplate transactions, Clock clock) {
		this.protections = protections;
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
	 *         INVALID_CREDENTIALS (identical for every kind of failure), and what a login is refused with:
	 *         CAPTCHA_REQUIRED/CAPTCHA_INVALID, RATE_LIMITED, UNAVAILABLE
	 */
	public void change(Change change, Origin origin) {
		Username username = Username.parse(change.username());
		Origin self = origin.as(username.value());
		if (!change.agreementAccepted()) {
			throw new Refusal(RefusalCode.AGREEMENT_REQUIRED);
		}
		rules.requireAcceptableForAnyone(change.newClave());
		// The current clave is checked like a login's, with every protection of one (LoginProtections).
		LoginProtections.Attempt attempt = new LoginProtections.Attempt(change.username(), change.currentClave(),
				change.captchaSolution(), change.deviceCookie());
		if (!(protections.check(attempt, origin, AuditType.PASSWORD_CHANGED).result()
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
			events.publishEvent(new PasswordChanged(username, clock.instant(), self));
		});
	}
}
