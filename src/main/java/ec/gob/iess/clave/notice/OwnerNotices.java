package ec.gob.iess.clave.notice;

import java.util.HashMap;
import java.util.Map;

import ec.gob.iess.clave.identity.AccountHolders;
import ec.gob.iess.clave.identity.AccountHolders.Holder;
import ec.gob.iess.clave.identity.ContactSettings;
import ec.gob.iess.clave.mail.MailKind;
import ec.gob.iess.clave.mail.Mailer;
import ec.gob.iess.clave.owner.OwnerEvents.ContactChangeRequested;
import ec.gob.iess.clave.owner.OwnerEvents.PasskeyRegistered;
import ec.gob.iess.clave.owner.OwnerEvents.PasskeyRemoved;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Emails the owner when a contact change is asked for online (PRODUCT.md §4.7): to the address mail goes
 * to now — the one verified in person, never the new one — with "No fui yo", queued with the request and
 * failure-isolated like every notice ({@link NoticeQueue}).
 */
@Component
class OwnerNotices {

	private final AccountHolders holders;
	private final Mailer mailer;
	private final NoticeQueue queue;
	private final FraudLinks fraudLinks;
	private final ContactSettings contact;

	OwnerNotices(AccountHolders holders, Mailer mailer, NoticeQueue queue, FraudLinks fraudLinks, ContactSettings contact) {
		this.holders = holders;
		this.mailer = mailer;
		this.queue = queue;
		this.fraudLinks = fraudLinks;
		this.contact = contact;
	}

	@EventListener
	void on(ContactChangeRequested event) {
		String username = event.cedula().value();
		MailKind kind = MailKind.CONTACT_CHANGE_REQUESTED;
		queue.queue(kind.name(), username, () -> holders.find(username).filter(Holder::hasVerifiedContact).ifPresent(holder -> {
			Map<String, Object> model = new HashMap<>(CredentialNotices.model(holder, username, event.at(), event.origin(),
					Map.of()));
			model.put("changedWhat", CounterNotices.changedWhat(event.emailChanged(), event.mobileChanged()));
			model.put("maskedEmail", event.email().masked());
			model.put("coolingOffHours", contact.coolingOff().toHours());
			mailer.queue(holder.email(), kind, fraudLinks.add(username, model));
		}));
	}

	@EventListener
	void on(PasskeyRegistered event) {
		passkey(MailKind.PASSKEY_REGISTERED, event.username(), event.name(), event.at(), event.origin());
	}

	@EventListener
	void on(PasskeyRemoved event) {
		passkey(MailKind.PASSKEY_REMOVED, event.username(), event.name(), event.at(), event.origin());
	}

	/** To where recovery links go (decision 107's rule, {@link AccountHolders}), with "No fui yo". */
	private void passkey(MailKind kind, String username, String name, java.time.Instant at, ec.gob.iess.clave.audit.Origin origin) {
		queue.queue(kind.name(), username, () -> holders.find(username).filter(Holder::hasVerifiedContact).ifPresent(holder -> {
			Map<String, Object> model = new HashMap<>(CredentialNotices.model(holder, username, at, origin, Map.of()));
			model.put("passkeyName", name);
			mailer.queue(holder.email(), kind, fraudLinks.add(username, model));
		}));
	}
}
