package ec.gob.iess.clave.mail;

import java.time.Clock;
import java.util.Map;

import ec.gob.iess.clave.identity.EmailAddress;
import ec.gob.iess.clave.identity.InvalidIdentifierException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way to send an email: queue it in the outbox. Nothing is sent inside a request, so no
 * answer waits on (or reveals anything through) the mail server (SECURITY.md 12).
 */
@Service
public class Mailer {

	private final MailTemplates templates;
	private final MailOutbox outbox;
	private final Clock clock;

	Mailer(MailTemplates templates, MailOutbox outbox, Clock clock) {
		this.templates = templates;
		this.outbox = outbox;
		this.clock = clock;
	}

	/**
	 * Queues a message in the caller's transaction ({@link Propagation#MANDATORY}): written with the change
	 * that causes it, or not at all. It is rendered now (Spanish, text and HTML), so the dispatcher only sends.
	 *
	 * @param model what the kind's templates need, see {@link MailKind}; links only from {@link MailLinks}
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void queue(EmailAddress to, MailKind kind, Map<String, Object> model) {
		if (to == null) {
			throw new IllegalArgumentException("no address");
		}
		outbox.add(kind, to.value(), templates.render(kind, model), clock.instant());
	}

	/**
	 * The same for an address given as text: judged by the one rule, {@link EmailAddress}, so nothing
	 * a header could be smuggled into, and nothing the SMTP path would refuse later.
	 *
	 * @throws IllegalArgumentException when {@code to} is not one deliverable address
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void queue(String to, MailKind kind, Map<String, Object> model) {
		EmailAddress address;
		try {
			address = EmailAddress.parse(to);
		}
		catch (InvalidIdentifierException e) {
			throw new IllegalArgumentException("not one deliverable email address");
		}
		queue(address, kind, model);
	}
}
