package ec.gob.iess.clave.recovery;

import java.time.LocalDate;
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
import ec.gob.iess.clave.credential.PasswordResetService;
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
 * Generar/recuperar clave, behind the web pages and the API alike. The captcha is checked here, before
 * anything else: the API sends it with the request; the web asks for it with the number
 * ({@link #search}) and the birth date and código dactilar on the next page ({@link #requestFor}).
 */
@Service
public class RecoveryService {

	/** Where a recovery link lands; the token also works with {@code POST /api/v1/password/reset}. */
	static final String LINK_PATH = "/recuperar/enlace";

	private final AccountHolders holders;
	private final CredentialAdministration accounts;
	private final PasswordResetService reset;
	private final OneTimeLinks links;
	private final Mailer mailer;
	private final MailLinks mailLinks;
	private final RateLimiter limiter;
	private final AuditLog audit;
	private final RecoverySettings settings;
	private final TransactionTemplate transactions;
	private final Captcha captcha;

	RecoveryService(AccountHolders holders, CredentialAdministration accounts, PasswordResetService reset,
			OneTimeLinks links, Mailer mailer, MailLinks mailLinks, RateLimiter limiter, AuditLog audit,
			RecoverySettings settings, TransactionTemplate transactions, Captcha captcha) {
		this.holders = holders;
		this.accounts = accounts;
		this.reset = reset;
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
	 * The API's request: the captcha, then as {@link #requestFor}.
	 *
	 * @throws Refusal CAPTCHA_REQUIRED/CAPTCHA_INVALID, INVALID_CEDULA/INVALID_RUC for a malformed number, RATE_LIMITED
	 */
	public RecoveryAnswer request(String rawUsername, String captchaSolution, LocalDate birthDate, String fingerprintCode,
			Origin origin) {
		captcha.verify(captchaSolution, origin);
		return identify(rawUsername, birthDate, fingerprintCode, origin);
	}

	/**
	 * "Buscar", the web's first page: the captcha, then the number. Nothing is counted or written but the
	 * spent solution; the data printed on the cédula come on the next page.
	 *
	 * @throws Refusal CAPTCHA_REQUIRED/CAPTCHA_INVALID, INVALID_CEDULA/INVALID_RUC
	 */
	public Username search(String rawUsername, String captchaSolution, Origin origin) {
		captcha.verify(captchaSolution, origin);
		return Username.parse(rawUsername);
	}

	/**
	 * The web's second page, for a number that passed {@link #search}: the caller allows
	 * {@code clave.recovery.tries-per-captcha} tries per search, then asks for a new captcha (decision 63);
	 * the per-account and per-source limits count every try.
	 *
	 * @throws Refusal RATE_LIMITED
	 */
	public RecoveryAnswer requestFor(Username searched, LocalDate birthDate, String fingerprintCode, Origin origin) {
		return identify(searched.value(), birthDate, fingerprintCode, origin);
	}

	/**
	 * Sends a link when the data match and the account has a verified contact; one identical answer
	 * otherwise. Every answer takes at least {@code clave.recovery.answer-time}; the mail is queued,
	 * never sent inside the request.
	 */
	private RecoveryAnswer identify(String rawUsername, LocalDate birthDate, String fingerprintCode, Origin origin) {
		long started = System.nanoTime();
		try {
			limiter.hit(LimitKind.RECOVERY_SOURCE, origin.ip(), null, origin);
			Username username = Username.parse(rawUsername);
			Origin self = origin.as(username.value());
			limiter.hit(LimitKind.RECOVERY_ACCOUNT, username.value(), username.value(), self);
			Optional<Holder> holder = holders.find(username.value())
				.filter(h -> h.confirms(birthDate, fingerprintCode))
				.filter(Holder::hasVerifiedContact)
				.filter(h -> accounts.find(username).map(CredentialView::status)
					.filter(status -> status != CredentialStatus.SUSPENDIDA).isPresent());
			if (holder.isEmpty()) {
				audit.record(AuditType.RECOVERY_REQUESTED, username.value(), Outcome.FAILURE, self, "identity not confirmed");
				return new RecoveryAnswer.NotConfirmed();
			}
			return send(holder.get(), self);
		}
		finally {
			ConstantTime.padTo(started, settings.answerTime());
		}
	}

	private RecoveryAnswer send(Holder holder, Origin origin) {
		// The holder passed the identity check, so saying that their mailbox is full reveals nothing.
		limiter.hit(LimitKind.MAIL_ACCOUNT, holder.username(), holder.username(), origin);
		limiter.hit(LimitKind.MAIL_SOURCE, origin.ip(), holder.username(), origin);
		return mail(holder, origin, "link sent");
	}

	/**
	 * "Enviar enlace para generar clave" at a counter, instead of a temporary clave: the person stands there,
	 * identified by staff, so no captcha and no birth date; the link goes to the verified address only. The
	 * mail limit is the person's alone: a centre sends many links from one address (decision 79).
	 *
	 * @return the masked address the link went to
	 * @throws Refusal NOT_FOUND, INVALID_REQUEST without a verified email, FORBIDDEN for a suspended account,
	 *         RATE_LIMITED past the person's mail limit
	 */
	public String sendFromCounter(Username username, Origin origin) {
		Holder holder = holders.find(username.value()).orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND));
		if (!holder.hasVerifiedContact()) {
			throw Refusal.withDetail(RefusalCode.INVALID_REQUEST, "problem.INVALID_REQUEST.noVerifiedContact");
		}
		if (accounts.find(username).map(CredentialView::status).orElse(null) == CredentialStatus.SUSPENDIDA) {
			throw new Refusal(RefusalCode.FORBIDDEN);
		}
		limiter.hit(LimitKind.MAIL_ACCOUNT, holder.username(), holder.username(), origin);
		return mail(holder, origin, "link sent at the counter").maskedEmail();
	}

	private RecoveryAnswer.Sent mail(Holder holder, Origin origin, String detail) {
		long minutes = settings.linkTtl().toMinutes();
		transactions.executeWithoutResult(status -> {
			String token = links.issue(holder.username(), LinkPurpose.RECOVERY, settings.linkTtl());
			mailer.queue(holder.email(), MailKind.RECOVERY_LINK, Map.of("names", holder.names(), "link",
					mailLinks.link(LINK_PATH, token), "validMinutes", minutes));
			audit.record(AuditType.RECOVERY_REQUESTED, holder.username(), Outcome.SUCCESS, origin, detail);
		});
		return new RecoveryAnswer.Sent(holder.maskedEmail(), minutes);
	}

	/**
	 * Sets the new clave through a link: ACTIVA, failures and lock cleared, every session ended, a notice
	 * mailed; the account's other links die with the old clave ({@code PasswordReset}, heard by
	 * {@code OneTimeLinks}). No automatic login. A refused clave leaves the link usable.
	 *
	 * @throws Refusal AGREEMENT_REQUIRED, WEAK_PASSWORD (link not consumed)
	 */
	public RecoveryReset reset(String token, String newClave, boolean agreementAccepted, Origin origin) {
		return reset(token, null, newClave, agreementAccepted, origin);
	}

	/**
	 * As {@link #reset(String, String, boolean, Origin)}, from the page of a browser that opened the link:
	 * with the {@code opening}, it is enough that the link was opened before it expired, while the
	 * opening's grace lasts.
	 */
	public RecoveryReset reset(String token, OneTimeLinks.Opening opening, String newClave, boolean agreementAccepted,
			Origin origin) {
		if (!agreementAccepted) {
			throw new Refusal(RefusalCode.AGREEMENT_REQUIRED);
		}
		if (!(links.check(token, LinkPurpose.RECOVERY, opening) instanceof LinkCheck.Valid valid)) {
			rejected(null, origin);
			return refused(token, opening);
		}
		String account = valid.account();
		Origin self = origin.as(account);
		// The link was issued for a holder found by a parsed Username, so the stored name parses again.
		Username username = Username.parse(account);
		String hash = reset.prepare(username, newClave);
		try {
			transactions.executeWithoutResult(status -> {
				// The link's account only: apply also refuses one that cannot take a clave now (suspended).
				String redeemed = links.redeem(token, LinkPurpose.RECOVERY, opening)
					.filter(account::equals)
					.orElseThrow(() -> new Refusal(RefusalCode.TOKEN_INVALID));
				reset.apply(username, hash, self);
				audit.record(AuditType.LINK_USED, redeemed, Outcome.SUCCESS, self, LinkPurpose.RECOVERY.name());
			});
		}
		catch (Refusal e) {
			rejected(account, self);
			if (e.code() != RefusalCode.TOKEN_INVALID) {
				throw e;
			}
			return refused(token, opening);
		}
		return new RecoveryReset.Done(username);
	}

	private RecoveryReset refused(String token, OneTimeLinks.Opening opening) {
		return new RecoveryReset.LinkRefused(links.check(token, LinkPurpose.RECOVERY, opening) instanceof LinkCheck.Expired);
	}

	private void rejected(String account, Origin origin) {
		transactions.executeWithoutResult(
				status -> audit.record(AuditType.LINK_REJECTED, account, Outcome.FAILURE, origin, LinkPurpose.RECOVERY.name()));
	}
}
