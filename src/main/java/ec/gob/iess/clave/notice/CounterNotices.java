package ec.gob.iess.clave.notice;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.counter.CounterEvents.ContactChanged;
import ec.gob.iess.clave.counter.CounterEvents.FingerprintMismatch;
import ec.gob.iess.clave.counter.CounterEvents.FingerprintReset;
import ec.gob.iess.clave.counter.CounterEvents.PersonUpdated;
import ec.gob.iess.clave.identity.AccountHolders;
import ec.gob.iess.clave.identity.AccountHolders.Holder;
import ec.gob.iess.clave.identity.EmailAddress;
import ec.gob.iess.clave.mail.MailKind;
import ec.gob.iess.clave.mail.Mailer;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Emails the person when a counter changes their contact or their data (SECURITY.md 22, and the fraud
 * it opens with: a contact changed at a counter without the owner hearing of it). A contact change goes
 * to the previous address and to the new one, each naming the centre and the agent; the mobile is not
 * mailed (no SMS here). Queued with the change, failure-isolated like every notice ({@link NoticeQueue}).
 */
@Component
class CounterNotices {

	private final AccountHolders holders;
	private final Mailer mailer;
	private final NoticeQueue queue;

	CounterNotices(AccountHolders holders, Mailer mailer, NoticeQueue queue) {
		this.holders = holders;
		this.mailer = mailer;
		this.queue = queue;
	}

	@EventListener
	void on(ContactChanged event) {
		String username = event.cedula().value();
		queue.queue(MailKind.CONTACT_CHANGED.name(), username, () -> holders.find(username).ifPresent(holder -> {
			Map<String, Object> model = new HashMap<>(CredentialNotices.model(holder, username, event.at(), event.origin(),
					Map.of()));
			model.put("agent", event.origin().agent());
			model.put("changedWhat", changedWhat(event));
			model.put("maskedEmail", event.email().masked());
			Set<EmailAddress> told = new LinkedHashSet<>();
			if (event.previousEmail() != null && told.add(event.previousEmail())) {
				send(username, event.previousEmail(), true, model);
			}
			if (told.add(event.email())) {
				send(username, event.email(), false, model);
			}
		}));
	}

	@EventListener
	void on(PersonUpdated event) {
		String username = event.cedula().value();
		queue.queue(MailKind.PERSON_UPDATED.name(), username, () -> holders.find(username)
			.filter(Holder::hasVerifiedContact)
			.ifPresent(holder -> {
				Map<String, Object> model = new HashMap<>(CredentialNotices.model(holder, username, event.at(),
						event.origin(), Map.of()));
				model.put("agent", event.origin().agent());
				model.put("changedWhat", fields(event.changed()));
				mailer.queue(holder.email(), MailKind.PERSON_UPDATED, model);
			}));
	}

	@EventListener
	void on(FingerprintMismatch event) {
		atCounter(MailKind.FINGERPRINT_MISMATCH, event.cedula().value(), event.at(), event.origin());
	}

	@EventListener
	void on(FingerprintReset event) {
		atCounter(MailKind.FINGERPRINT_RESET, event.cedula().value(), event.at(), event.origin());
	}

	/** A notice of something done at a counter, to the verified address, naming the centre and the agent. */
	private void atCounter(MailKind kind, String username, Instant at, Origin origin) {
		queue.queue(kind.name(), username, () -> holders.find(username)
			.filter(Holder::hasVerifiedContact)
			.ifPresent(holder -> mailer.queue(holder.email(), kind,
					CredentialNotices.model(holder, username, at, origin, Map.of("agent", origin.agent())))));
	}

	private void send(String username, EmailAddress to, boolean toPrevious, Map<String, Object> common) {
		Map<String, Object> model = new HashMap<>(common);
		model.put("toPrevious", toPrevious);
		queue.queue(MailKind.CONTACT_CHANGED.name(), username, () -> mailer.queue(to, MailKind.CONTACT_CHANGED, model));
	}

	static String changedWhat(ContactChanged event) {
		if (event.emailChanged() && event.mobileChanged()) {
			return "su correo electrónico y su número de celular";
		}
		return event.emailChanged() ? "su correo electrónico" : "su número de celular";
	}

	/** "sus nombres, sus apellidos y su fecha de nacimiento": the fields, never their values. */
	static String fields(List<String> changed) {
		List<String> words = new ArrayList<>();
		for (String field : changed) {
			words.add(switch (field) {
				case "firstNames" -> "sus nombres";
				case "lastNames" -> "sus apellidos";
				case "birthDate" -> "su fecha de nacimiento";
				case "fingerprintCode" -> "su código dactilar";
				case "roles" -> "su calidad de afiliado, pensionista o beneficiario";
				default -> "otros datos";
			});
		}
		if (words.size() == 1) {
			return words.get(0);
		}
		return String.join(", ", words.subList(0, words.size() - 1)) + " y " + words.get(words.size() - 1);
	}
}
