package ec.gob.iess.clave.notice;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.counter.CounterEvents.ContactChanged;
import ec.gob.iess.clave.counter.CounterEvents.ContactVerified;
import ec.gob.iess.clave.counter.CounterEvents.EmployerChanged;
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
 * Emails the person when a counter verifies or changes their contact or changes their data, and the employer when a counter
 * registers or changes it (SECURITY.md 22, and the fraud it opens with: a contact changed at a counter
 * without the owner hearing of it). A change of address goes to the previous address and to the new one;
 * every notice names the centre, never the agent (decision 86); the mobile is not mailed (no SMS here).
 * Queued with the change, failure-isolated like every notice ({@link NoticeQueue}).
 */
@Component
class CounterNotices {

	private final AccountHolders holders;
	private final Mailer mailer;
	private final NoticeQueue queue;
	private final FraudLinks fraudLinks;

	CounterNotices(AccountHolders holders, Mailer mailer, NoticeQueue queue, FraudLinks fraudLinks) {
		this.holders = holders;
		this.mailer = mailer;
		this.queue = queue;
		this.fraudLinks = fraudLinks;
	}

	@EventListener
	void on(ContactChanged event) {
		String username = event.cedula().value();
		queue.queue(MailKind.CONTACT_CHANGED.name(), username, () -> holders.find(username).ifPresent(holder -> {
			Map<String, Object> model = new HashMap<>(CredentialNotices.model(holder, username, event.at(), event.origin(),
					Map.of()));
			model.put("changedWhat", changedWhat(event));
			model.put("maskedEmail", event.email().masked());
			sendToBoth(username, MailKind.CONTACT_CHANGED, event.previousEmail(), event.email(), model);
		}));
	}

	/** To the address just verified: the first one, or the same one again. */
	@EventListener
	void on(ContactVerified event) {
		String username = event.cedula().value();
		queue.queue(MailKind.CONTACT_VERIFIED.name(), username, () -> holders.find(username).ifPresent(holder -> {
			Map<String, Object> model = new HashMap<>(CredentialNotices.model(holder, username, event.at(), event.origin(),
					Map.of()));
			model.put("maskedEmail", event.email().masked());
			model.put("first", event.first());
			mailer.queue(event.email(), MailKind.CONTACT_VERIFIED, fraudLinks.add(username, model));
		}));
	}

	/**
	 * To the employer's registered email, where its recovery links go (once its representative was verified
	 * in person), and, when the change moved the mail elsewhere, to where it went before.
	 */
	@EventListener
	void on(EmployerChanged event) {
		String username = event.ruc().value();
		MailKind kind = event.registered() ? MailKind.EMPLOYER_REGISTERED : MailKind.EMPLOYER_UPDATED;
		queue.queue(kind.name(), username, () -> holders.find(username).ifPresent(holder -> {
			Map<String, Object> model = new HashMap<>(CredentialNotices.model(holder, username, event.at(), event.origin(),
					Map.of()));
			model.put("changedWhat", employerFields(event.changed()));
			if (holder.hasVerifiedContact()) {
				model.put("maskedEmail", holder.maskedEmail());
			}
			sendToBoth(username, kind, event.mailedBefore(), holder.email(), model);
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
				model.put("changedWhat", fields(event.changed()));
				mailer.queue(holder.email(), MailKind.PERSON_UPDATED, fraudLinks.add(username, model));
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

	/** A notice of something done at a counter, to the verified address, naming the centre (decision 86). */
	private void atCounter(MailKind kind, String username, Instant at, Origin origin) {
		queue.queue(kind.name(), username, () -> holders.find(username)
			.filter(Holder::hasVerifiedContact)
			.ifPresent(holder -> mailer.queue(holder.email(), kind,
					fraudLinks.add(username, CredentialNotices.model(holder, username, at, origin, Map.of())))));
	}

	/**
	 * Each address once. When they differ, the previous one is told it was the address until now
	 * ({@code toPrevious} true) and the current one that it is the address now (false); one address that
	 * stays is told neither ({@code null}).
	 */
	private void sendToBoth(String username, MailKind kind, EmailAddress previous, EmailAddress current,
			Map<String, Object> common) {
		boolean moved = previous != null && !previous.equals(current);
		if (moved) {
			send(username, kind, previous, true, common);
		}
		if (current != null) {
			send(username, kind, current, moved || previous == null ? Boolean.FALSE : null, common);
		}
	}

	private void send(String username, MailKind kind, EmailAddress to, Boolean toPrevious, Map<String, Object> common) {
		Map<String, Object> model = new HashMap<>(common);
		model.put("toPrevious", toPrevious);
		queue.queue(kind.name(), username, () -> mailer.queue(to, kind, fraudLinks.add(username, model)));
	}

	static String changedWhat(ContactChanged event) {
		return changedWhat(event.emailChanged(), event.mobileChanged());
	}

	static String changedWhat(boolean email, boolean mobile) {
		if (email && mobile) {
			return "su correo electrónico y su número de celular";
		}
		return email ? "su correo electrónico" : "su número de celular";
	}

	/** "sus nombres, sus apellidos y su fecha de nacimiento": the fields, never their values. */
	static String fields(List<String> changed) {
		return enumeration(changed.stream().map(field -> switch (field) {
			case "firstNames" -> "sus nombres";
			case "lastNames" -> "sus apellidos";
			case "birthDate" -> "su fecha de nacimiento";
			case "fingerprintCode" -> "su código dactilar";
			case "roles" -> "su calidad de afiliado, pensionista o beneficiario";
			default -> "otros datos";
		}).toList());
	}

	/** "la razón social y el correo electrónico registrado"; empty for a registration. */
	static String employerFields(List<String> changed) {
		return changed.isEmpty() ? "" : enumeration(changed.stream().map(field -> switch (field) {
			case "legalName" -> "la razón social";
			case "representative" -> "el representante legal";
			case "email" -> "el correo electrónico registrado";
			default -> "otros datos";
		}).toList());
	}

	private static String enumeration(List<String> words) {
		if (words.size() == 1) {
			return words.get(0);
		}
		return String.join(", ", words.subList(0, words.size() - 1)) + " y " + words.get(words.size() - 1);
	}
}
