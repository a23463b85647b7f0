package ec.gob.iess.clave.mail;

import java.time.Clock;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way to send an email: queue it in the outbox. Nothing is sent inside a request, so no
 * answer waits on (or reveals anything through) the mail server (SECURITY.md 12).
 */
@Service
public class Mailer {

	/** One address, nothing a header could be smuggled into. */
	private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>,;\"]{1,64}@[^@\\s<>,;\"]+\\.[^@\\s<>,;\"]{2,}");

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
	public void queue(String to, MailKind kind, Map<String, Object> model) {
		if (to == null || to.length() > 320 || !ADDRESS.matcher(to).matches()) {
			throw new IllegalArgumentException("not one email address");
		}
		outbox.add(kind, to, templates.render(kind, model), clock.instant());
	}
}
