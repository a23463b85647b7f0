package ec.gob.iess.clave.notice;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

import ec.gob.iess.clave.audit.Channel;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.credential.AccountKind;
import ec.gob.iess.clave.credential.Username;
import ec.gob.iess.clave.credential.CredentialEvents.AccountLocked;
import ec.gob.iess.clave.credential.CredentialEvents.AccountReactivated;
import ec.gob.iess.clave.credential.CredentialEvents.AccountSuspended;
import ec.gob.iess.clave.credential.CredentialEvents.AccountUnlocked;
import ec.gob.iess.clave.credential.CredentialEvents.PasswordChanged;
import ec.gob.iess.clave.credential.CredentialEvents.PasswordReset;
import ec.gob.iess.clave.credential.CredentialEvents.TemporaryPasswordIssued;
import ec.gob.iess.clave.identity.AccountHolders;
import ec.gob.iess.clave.identity.AccountHolders.Holder;
import ec.gob.iess.clave.mail.MailKind;
import ec.gob.iess.clave.mail.MailLinks;
import ec.gob.iess.clave.mail.Mailer;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Emails the owner of an account on every change to its clave. The listeners run in the transaction
 * that publishes the event, under a savepoint ({@link NoticeQueue}): the notice is queued with the
 * change, and a notice that cannot be queued is logged and never undoes the change. Notices go where
 * recovery links go ({@link AccountHolders}): an asegurado's contact verified in person, an
 * employer's registered email once its legal representative was verified; without one, nothing.
 */
@Component
class CredentialNotices {

	/** "24/11/2026 14:05 (hora de Ecuador)": people read local time; the audit keeps UTC. */
	static final DateTimeFormatter ECUADOR_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm '(hora de Ecuador)'")
		.withZone(ZoneId.of("America/Guayaquil"));

	static final String ONLINE = "en línea";

	private final AccountHolders holders;
	private final Mailer mailer;
	private final MailLinks links;
	private final NoticeQueue queue;
	private final FraudLinks fraudLinks;

	CredentialNotices(AccountHolders holders, Mailer mailer, MailLinks links, NoticeQueue queue, FraudLinks fraudLinks) {
		this.holders = holders;
		this.mailer = mailer;
		this.links = links;
		this.queue = queue;
		this.fraudLinks = fraudLinks;
	}

	@EventListener
	void on(AccountLocked event) {
		notify(event.username().value(), MailKind.ACCOUNT_LOCKED, event.at(), event.origin(),
				Map.of("unlockPage", event.username().kind() == AccountKind.EMPLEADOR
						? links.page("/desbloqueo", "tipo", "empleador") : links.page("/desbloqueo")));
	}

	@EventListener
	void on(AccountUnlocked event) {
		notify(event.username().value(), MailKind.ACCOUNT_UNLOCKED, event.at(), event.origin(), Map.of());
	}

	@EventListener
	void on(PasswordChanged event) {
		notify(event.username().value(), MailKind.PASSWORD_CHANGED, event.at(), event.origin(), Map.of());
	}

	@EventListener
	void on(PasswordReset event) {
		notify(event.username().value(), MailKind.PASSWORD_RESET, event.at(), event.origin(), Map.of());
	}

	@EventListener
	void on(TemporaryPasswordIssued event) {
		notify(event.username().value(), MailKind.TEMPORARY_PASSWORD_ISSUED, event.at(), event.origin(), Map.of());
	}

	/** By staff, or by the owner's "No fui yo": the latter is told to visit a CAU with the cédula. */
	@EventListener
	void on(AccountSuspended event) {
		notify(event.username().value(), event.byOwner() ? MailKind.FRAUD_REPORTED : MailKind.ACCOUNT_SUSPENDED,
				event.at(), event.origin(), Map.of());
	}

	@EventListener
	void on(AccountReactivated event) {
		notify(event.username().value(), MailKind.ACCOUNT_REACTIVATED, event.at(), event.origin(), Map.of());
	}

	/**
	 * With its "No fui yo" link, but for the notices of a suspension: the account is frozen already and
	 * the suspension ended every link (decision 106).
	 */
	private void notify(String username, MailKind kind, Instant at, Origin origin, Map<String, Object> extra) {
		boolean frozen = kind == MailKind.ACCOUNT_SUSPENDED || kind == MailKind.FRAUD_REPORTED;
		queue.queue(kind.name(), username, () -> holders.find(username).filter(Holder::hasVerifiedContact)
			.ifPresent(holder -> {
				Map<String, Object> model = model(holder, username, at, origin, extra);
				mailer.queue(holder.email(), kind, frozen ? model : fraudLinks.add(username, model));
			}));
	}

	/**
	 * What every notice says: to whom, which account (the ending the link pages show: three digits of a
	 * cédula, six of a RUC), when and where.
	 */
	static Map<String, Object> model(Holder holder, String username, Instant at, Origin origin, Map<String, Object> extra) {
		Map<String, Object> model = new HashMap<>(extra);
		Username account = Username.parse(username);
		model.put("names", holder.names());
		model.put("accountEnding", account.ending());
		model.put("employer", account.kind() == AccountKind.EMPLEADOR);
		model.put("when", ECUADOR_TIME.format(at));
		model.put("where", where(origin));
		return model;
	}

	/** "en línea", or the centre of the agent who acted. */
	static String where(Origin origin) {
		if (origin.channel() != Channel.COUNTER) {
			return ONLINE;
		}
		return origin.center() != null && !origin.center().isBlank() ? origin.center() : "un Centro de Atención Universal";
	}
}
