package ec.gob.iess.clave.unlock;

import java.util.Map;
import java.util.Optional;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.captcha.Captcha;
import ec.gob.iess.clave.credential.CredentialAdministration;
import ec.gob.iess.clave.credential.CredentialStatus;
import ec.gob.iess.clave.credential.CredentialView;
import ec.gob.iess.clave.credential.Username;
import ec.gob.iess.clave.identity.AccountHolders;
import ec.gob.iess.clave.identity.AccountHolders.Holder;
import ec.gob.iess.clave.mail.MailKind;
import ec.gob.iess.clave.mail.MailLinks;
import ec.gob.iess.clave.mail.Mailer;
import ec.gob.iess.clave.ratelimit.LimitKind;
import ec.gob.iess.clave.ratelimit.RateLimiter;
import ec.gob.iess.clave.token.LinkCheck;
import ec.gob.iess.clave.token.LinkPurpose;
import ec.gob.iess.clave.token.OneTimeLinks;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.web.ConstantTime;
import ec.gob.iess.clave.refusal.RefusalCode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Desbloqueo de clave, behind the web pages and the API alike. The captcha is checked here, before
 * anything else, as for Ingresar and Generar/recuperar clave.
 */
@Service
public class UnlockService {

	static final String LINK_PATH = "/desbloqueo/enlace";

	private final AccountHolders holders;
	private final CredentialAdministration accounts;
	private final OneTimeLinks links;
	private final Mailer mailer;
	private final MailLinks mailLinks;
	private final RateLimiter limiter;
	private final AuditLog audit;
	private final UnlockSettings settings;
	private final TransactionTemplate transactions;
	private final Captcha captcha;

	UnlockService(AccountHolders holders, CredentialAdministration accounts, OneTimeLinks links, Mailer mailer,
			MailLinks mailLinks, RateLimiter limiter, AuditLog audit, UnlockSettings settings,
			TransactionTemplate transactions, Captcha captcha) {
		this.holders = holders;
		this.accounts = accounts;
		this.links = links;
		this.mailer = mailer;
		this.mailLinks = mailLinks;
		this.limiter = limiter;
		this.audit = audit;
		this.settings = settings;
		this.transactions = transactions;
		this.captcha = captcha;
	}

	/**
	 * Mails a link only to a BLOQUEADA account with verified contact; the answer is the same in every
	 * case, after at least {@code clave.unlock.answer-time}. Limits per account and on mail are silent
	 * (no mail, same answer); only the per-source limit shows, as it says nothing of accounts.
	 *
	 * @throws Refusal CAPTCHA_REQUIRED/CAPTCHA_INVALID, INVALID_CEDULA/INVALID_RUC for a malformed number,
	 *         RATE_LIMITED per source
	 */
	public UnlockAnswer request(String rawUsername, String captchaSolution, Origin origin) {
		captcha.verify(captchaSolution, origin);
		UnlockAnswer answer = new UnlockAnswer(settings.linkTtl().toMinutes());
		long started = System.nanoTime();
		try {
			limiter.hit(LimitKind.UNLOCK_SOURCE, origin.ip(), null, origin);
			Username username = Username.parse(rawUsername);
			Origin self = origin.as(username.value());
			Optional<Holder> holder = holders.find(username.value())
				.filter(Holder::hasVerifiedContact)
				.filter(h -> accounts.find(username).map(CredentialView::status)
					.filter(status -> status == CredentialStatus.BLOQUEADA).isPresent());
			if (holder.isEmpty() || !withinLimits(holder.get(), self)) {
				audit.record(AuditType.UNLOCK_REQUESTED, username.value(), Outcome.FAILURE, self, "no link sent");
				return answer;
			}
			transactions.executeWithoutResult(status -> {
				String token = links.issue(holder.get().username(), LinkPurpose.UNLOCK, settings.linkTtl());
				mailer.queue(holder.get().email(), MailKind.UNLOCK_LINK, Map.of("names", holder.get().names(), "link",
						mailLinks.link(LINK_PATH, token), "validMinutes", answer.validMinutes()));
				audit.record(AuditType.UNLOCK_REQUESTED, username.value(), Outcome.SUCCESS, self, "link sent");
			});
			return answer;
		}
		finally {
			ConstantTime.padTo(started, settings.answerTime());
		}
	}

	private boolean withinLimits(Holder holder, Origin origin) {
		try {
			limiter.hit(LimitKind.UNLOCK_ACCOUNT, holder.username(), holder.username(), origin);
			limiter.hit(LimitKind.MAIL_ACCOUNT, holder.username(), holder.username(), origin);
			limiter.hit(LimitKind.MAIL_SOURCE, origin.ip(), holder.username(), origin);
			return true;
		}
		catch (Refusal limited) {
			return false;
		}
	}

	/**
	 * Unlocks the link's account (single use) within the link's own time, as the API does; the outcome
	 * names the account.
	 */
	public UnlockConfirmation confirm(String token, Origin origin) {
		return confirm(token, null, origin);
	}

	/**
	 * Unlocks the link's account (single use); the outcome names the account, so the page can offer
	 * Ingresar and Generar/recuperar clave with the number filled in. With an {@code opening} (the web page
	 * of a browser that opened the link in time) it is enough that the link was opened before it expired,
	 * while the opening's grace lasts.
	 */
	public UnlockConfirmation confirm(String token, OneTimeLinks.Opening opening, Origin origin) {
		try {
			return transactions.execute(status -> {
				String account = links.redeem(token, LinkPurpose.UNLOCK, opening)
					.orElseThrow(() -> new Refusal(RefusalCode.TOKEN_INVALID));
				Origin self = origin.as(account);
				// The link was issued for a holder found by a parsed Username, so the stored name parses again.
				accounts.unlock(Username.parse(account), self);
				audit.record(AuditType.LINK_USED, account, Outcome.SUCCESS, self, LinkPurpose.UNLOCK.name());
				return new UnlockConfirmation.Unlocked(account);
			});
		}
		catch (Refusal e) {
			transactions.executeWithoutResult(status -> audit.record(AuditType.LINK_REJECTED, null, Outcome.FAILURE, origin,
					LinkPurpose.UNLOCK.name()));
			if (e.code() != RefusalCode.TOKEN_INVALID) {
				throw e;
			}
			return new UnlockConfirmation.LinkRefused(
					links.check(token, LinkPurpose.UNLOCK, opening) instanceof LinkCheck.Expired);
		}
	}
}
