package ec.gob.iess.clave.credential;

import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

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

	/**
	 * A login with a TEMPORAL clave, kept in the web session that made it: for
	 * {@code clave.temporary-password.change-window} after it, that session may set its new clave without
	 * typing the temporary one again. Made only here (by {@link LoginService}); it holds the account, the
	 * time, and a digest of the stored hash that was verified, so that a clave issued, changed or reset
	 * since then voids it. Serializable: it lives in the session store.
	 */
	public static final class TemporaryLogin implements Serializable {

		@Serial
		private static final long serialVersionUID = 1L;

		private final String username;
		private final Instant at;
		private final String hashDigest;

		TemporaryLogin(String username, Instant at, String verifiedHash) {
			this.username = username;
			this.at = at;
			this.hashDigest = digest(verifiedHash);
		}

		public String username() {
			return username;
		}

		static String digest(String hash) {
			try {
				return Base64.getEncoder().encodeToString(
						MessageDigest.getInstance("SHA-256").digest(hash.getBytes(StandardCharsets.UTF_8)));
			}
			catch (NoSuchAlgorithmException e) {
				throw new IllegalStateException(e);
			}
		}
	}

	/** The forced change of a {@link TemporaryLogin}: the new clave twice is the caller's, as the acuerdo. */
	public record TemporaryChange(TemporaryLogin login, String newClave, boolean agreementAccepted, String keepWebSessionId) {
	}

	private final LoginProtections protections;
	private final ClaveRules rules;
	private final Hashing hashing;
	private final Accounts accounts;
	private final NewClave newClave;
	private final ApplicationEventPublisher events;
	private final TransactionTemplate transactions;
	private final Clock clock;
	private final CredentialSettings settings;

	PasswordChangeService(LoginProtections protections, ClaveRules rules, Hashing hashing, Accounts accounts, NewClave newClave,
			ApplicationEventPublisher events, TransactionTemplate transactions, Clock clock, CredentialSettings settings) {
		this.protections = protections;
		this.rules = rules;
		this.hashing = hashing;
		this.accounts = accounts;
		this.newClave = newClave;
		this.events = events;
		this.transactions = transactions;
		this.clock = clock;
		this.settings = settings;
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
		if (!(protections.check(attempt, origin, AuditType.PASSWORD_CHANGED, null).result()
				instanceof CredentialCheck.Verified verified)) {
			throw new Refusal(RefusalCode.INVALID_CREDENTIALS);
		}
		rules.requireAcceptableFor(username, change.newClave());
		if (change.newClave().equals(change.currentClave())) {
			throw Refusal.weakPassword(List.of(WeakReason.SAME_AS_CURRENT.name()));
		}
		String verifiedHash = verified.verifiedHash();
		apply(username, change.newClave(), account -> verifiedHash.equals(account.passwordHash()), self,
				change.keepWebSessionId(), change.keepAccessToken());
	}

	/**
	 * Whether {@code login} still lets its session change the clave without typing it: within
	 * {@code clave.temporary-password.change-window} of the login. The account is checked again when
	 * the change is made.
	 */
	public boolean fresh(TemporaryLogin login) {
		return login != null && clock.instant().isBefore(login.at.plus(settings.temporaryPassword().changeWindow()));
	}

	/**
	 * The forced Cambio de clave right after a login with a TEMPORAL clave, in the session that logged in:
	 * the same rules, acuerdo, audit, notice and ending of other sessions as {@link #change}, without the
	 * current clave. Refused like a wrong clave when the login is no longer {@link #fresh} or the account
	 * is no longer in the TEMPORAL clave it logged in with (issued again, changed, locked, suspended,
	 * expired).
	 *
	 * @throws Refusal AGREEMENT_REQUIRED, WEAK_PASSWORD (with reasons), INVALID_CREDENTIALS
	 */
	public void changeTemporary(TemporaryChange change, Origin origin) {
		if (!change.agreementAccepted()) {
			throw new Refusal(RefusalCode.AGREEMENT_REQUIRED);
		}
		rules.requireAcceptableForAnyone(change.newClave());
		if (!fresh(change.login())) {
			throw new Refusal(RefusalCode.INVALID_CREDENTIALS);
		}
		Username username = Username.parse(change.login().username);
		rules.requireAcceptableFor(username, change.newClave());
		String current = accounts.find(username.value()).map(Account::passwordHash).orElse(null);
		if (current != null && hashing.verify(change.newClave(), current)) {
			throw Refusal.weakPassword(List.of(WeakReason.SAME_AS_CURRENT.name()));
		}
		String digest = change.login().hashDigest;
		apply(username, change.newClave(), account -> account.status() == CredentialStatus.TEMPORAL
				&& !account.temporaryExpired(clock.instant()) && account.passwordHash() != null
				&& MessageDigest.isEqual(digest.getBytes(StandardCharsets.UTF_8),
						TemporaryLogin.digest(account.passwordHash()).getBytes(StandardCharsets.UTF_8)),
				origin.as(username.value()), change.keepWebSessionId(), null);
	}

	/** Sets the new clave under the account's row lock, if the account is still the one that was checked. */
	private void apply(Username username, String clave, Predicate<Account> stillChecked, Origin self,
			String keepWebSessionId, String keepAccessToken) {
		String newHash = hashing.hash(clave);
		transactions.executeWithoutResult(status -> {
			Account account = accounts.lock(username.value()).orElseThrow(() -> new Refusal(RefusalCode.INVALID_CREDENTIALS));
			if (!stillChecked.test(account) || !account.status().allowsLogin()) {
				// Changed or locked by someone else since the check: refuse like any failure.
				throw new Refusal(RefusalCode.INVALID_CREDENTIALS);
			}
			newClave.set(account, newHash, self, AuditType.PASSWORD_CHANGED, keepWebSessionId, keepAccessToken);
			events.publishEvent(new PasswordChanged(username, clock.instant(), self));
		});
	}
}
