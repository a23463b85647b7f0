package ec.gob.iess.clave.owner;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.credential.AccountKind;
import ec.gob.iess.clave.credential.LoginService;
import ec.gob.iess.clave.credential.Username;
import ec.gob.iess.clave.identity.AccountHolders;
import ec.gob.iess.clave.identity.AccountHolders.Holder;
import ec.gob.iess.clave.identity.ContactChanges;
import ec.gob.iess.clave.identity.ContactSettings;
import ec.gob.iess.clave.identity.EmailAddress;
import ec.gob.iess.clave.identity.InvalidIdentifierException;
import ec.gob.iess.clave.identity.MobileNumbers;
import ec.gob.iess.clave.identity.Person;
import ec.gob.iess.clave.mail.MailKind;
import ec.gob.iess.clave.mail.MailLinks;
import ec.gob.iess.clave.mail.Mailer;
import ec.gob.iess.clave.ratelimit.LimitKind;
import ec.gob.iess.clave.ratelimit.RateLimiter;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.token.LinkPurpose;
import ec.gob.iess.clave.token.OneTimeLinks;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Actualizar datos (PRODUCT.md §4.7, SECURITY.md 26): a signed-in person types the clave again (checked as
 * a login: a wrong one counts toward the lockout), the new email and mobile; a link goes to the new email
 * (purpose {@code CONTACT_CONFIRMATION}) and the address mail goes to now is told, with "No fui yo".
 * Nothing changes until the link is used; then the new contact waits {@code clave.contact.cooling-off}
 * before recovery and unlock use it ({@link AccountHolders}, decision 107).
 */
@Service
public class ContactChangeService {

	/** The page the confirmation link opens. */
	public static final String LINK_PATH = "/datos/enlace";

	/** What was typed; {@code captchaSolution} and {@code deviceCookie} go to the login's protections. */
	public record Request(String username, String clave, String email, String mobile, String captchaSolution,
			String deviceCookie) {
	}

	/** Which field the request was refused for, for the web form; the API answers {@code code} alone. */
	public static final class InvalidField extends Refusal {

		private final String field;

		InvalidField(String field) {
			super(RefusalCode.INVALID_REQUEST);
			this.field = field;
		}

		public String field() {
			return field;
		}
	}

	private final LoginService login;
	private final AccountHolders holders;
	private final ContactChanges changes;
	private final ContactSettings settings;
	private final OneTimeLinks links;
	private final Mailer mailer;
	private final MailLinks mailLinks;
	private final RateLimiter limiter;
	private final AuditLog audit;
	private final ApplicationEventPublisher events;
	private final TransactionTemplate transactions;
	private final LinkUse linkUse;
	private final Clock clock;

	ContactChangeService(LoginService login, AccountHolders holders, ContactChanges changes, ContactSettings settings,
			OneTimeLinks links, Mailer mailer, MailLinks mailLinks, RateLimiter limiter, AuditLog audit,
			ApplicationEventPublisher events, TransactionTemplate transactions, LinkUse linkUse, Clock clock) {
		this.login = login;
		this.holders = holders;
		this.changes = changes;
		this.settings = settings;
		this.links = links;
		this.mailer = mailer;
		this.mailLinks = mailLinks;
		this.limiter = limiter;
		this.audit = audit;
		this.events = events;
		this.transactions = transactions;
		this.linkUse = linkUse;
		this.clock = clock;
	}

	/** How long a confirmed contact waits before recovery and unlock use it, in hours, for the pages. */
	public long coolingOffHours() {
		return settings.coolingOff().toHours();
	}

	/**
	 * Whether this person may change the contact online at all: an asegurado with a contact verified in
	 * person (whom the notice can warn); anyone else is sent to a counter.
	 */
	public boolean allowed(String username) {
		return Username.parse(username).kind() == AccountKind.ASEGURADO
				&& holders.find(username).filter(Holder::hasVerifiedContact).isPresent();
	}

	/**
	 * @return the new email, masked
	 * @throws Refusal FORBIDDEN when not {@link #allowed}; {@link InvalidField} for an email or mobile that is
	 *         none; INVALID_CREDENTIALS for a wrong clave (counted as a failed login); CAPTCHA_REQUIRED /
	 *         CAPTCHA_INVALID / RATE_LIMITED / UNAVAILABLE as a login
	 */
	public String request(Request request, Origin origin) {
		if (!allowed(request.username())) {
			throw new Refusal(RefusalCode.FORBIDDEN);
		}
		EmailAddress email;
		try {
			email = EmailAddress.parse(request.email());
		}
		catch (InvalidIdentifierException e) {
			throw new InvalidField("email");
		}
		String mobile = MobileNumbers.normalize(request.mobile()).orElseThrow(() -> new InvalidField("mobile"));
		// Outside any transaction: the clave check settles in its own, as a login does.
		if (!login.confirmClave(request.username(), request.clave(), request.captchaSolution(), request.deviceCookie(),
				origin, AuditType.CONTACT_CHANGED)) {
			throw new Refusal(RefusalCode.INVALID_CREDENTIALS);
		}
		Username username = Username.parse(request.username());
		Origin self = origin.as(username.value());
		limiter.hit(LimitKind.MAIL_ACCOUNT, username.value(), username.value(), self);
		transactions.executeWithoutResult(status -> {
			Holder holder = holders.find(username.value()).orElseThrow(() -> new Refusal(RefusalCode.FORBIDDEN));
			Person person = holder.person();
			changes.request(username.cedula(), email, mobile);
			String token = links.issue(username.value(), LinkPurpose.CONTACT_CONFIRMATION, settings.linkTtl());
			mailer.queue(email, MailKind.CONTACT_CONFIRMATION_LINK, Map.of("names", holder.names(), "link",
					mailLinks.link(LINK_PATH, token), "validMinutes", settings.linkTtl().toMinutes(), "coolingOffHours",
					settings.coolingOff().toHours()));
			audit.record(AuditType.CONTACT_CHANGED, username.value(), Outcome.SUCCESS, self, "requested online, not confirmed");
			boolean emailChanged = !email.equals(holder.email());
			boolean mobileChanged = !Objects.equals(mobile, person.contact().mobile());
			events.publishEvent(new OwnerEvents.ContactChangeRequested(username.cedula(), email, emailChanged,
					mobileChanged || !emailChanged, clock.instant(), self));
		});
		return email.masked();
	}

	/**
	 * The link sent to the new email, used (single use): the change is confirmed now and waits its
	 * cooling-off. With an {@code opening}, as every link page.
	 */
	public LinkOutcome confirm(String token, OneTimeLinks.Opening opening, Origin origin) {
		return linkUse.use(token, LinkPurpose.CONTACT_CONFIRMATION, opening, origin, (account, self) -> {
			changes.confirm(Username.parse(account).cedula()).orElseThrow(() -> new Refusal(RefusalCode.TOKEN_INVALID));
			audit.record(AuditType.CONTACT_CHANGED, account, Outcome.SUCCESS, self,
					"confirmed online; used for recovery after " + settings.coolingOff());
		});
	}
}
