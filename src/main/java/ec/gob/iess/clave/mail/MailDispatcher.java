package ec.gob.iess.clave.mail;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import ec.gob.iess.clave.mail.MailOutbox.DeliveredVia;
import ec.gob.iess.clave.mail.MailOutbox.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers the outbox: claims due messages (exclusively, with a lease, see {@link MailOutbox}), sends each
 * outside any transaction, marks it sent; a failure is retried on {@link RetrySchedule}, never dropped.
 * Every node runs it; a message goes out once unless a node dies between the server's acceptance and
 * the mark, when the message is sent again after the lease (at least once, never lost). Only serving
 * nodes dispatch: a command line run ({@code audit verify}) leaves the outbox alone.
 *
 * <p>On shutdown, once the requests in flight have finished, the node stops claiming and gives back its
 * claims on what it has not sent yet, so another node sends them at once instead of after the lease.
 */
@Component
@ConditionalOnWebApplication
class MailDispatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);

	private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"',;:@]+@");
	private static final Pattern LONG_NUMBER = Pattern.compile("\\d{7,}");

	private final MailOutbox outbox;
	private final MailSettings settings;
	private final JavaMailSender sender;
	private final Clock clock;
	/** This node, as the node field of its claims' tokens: random, twelve hex digits. */
	private final String node = HexFormat.of().formatHex(randomNode());
	/** The messages this node is handing to the mail server right now: not given back on shutdown. */
	private final Set<Long> sending = ConcurrentHashMap.newKeySet();
	private volatile boolean running;

	MailDispatcher(MailOutbox outbox, MailSettings settings, ObjectProvider<JavaMailSender> sender, Environment environment,
			Clock clock) {
		this.outbox = outbox;
		this.settings = settings;
		this.sender = MailMode.smtp(environment) ? sender.getObject() : null;
		this.clock = clock;
		if (this.sender == null) {
			log.warn("No spring.mail.host: emails are kept in the development mailbox, not sent");
		}
	}

	@Scheduled(fixedDelayString = "${clave.mail.dispatch-interval:500ms}")
	void scheduled() {
		if (running) {
			dispatch();
		}
	}

	@Override
	public void start() {
		running = true;
	}

	/** Stops claiming, and releases this node's claims on what it is not sending right now. */
	@Override
	public void stop() {
		running = false;
		try {
			int released = outbox.release(node, clock.instant(), Set.copyOf(sending));
			if (released > 0) {
				log.info("Released {} claimed mail message(s) for other nodes to send", released);
			}
		}
		catch (RuntimeException e) {
			// The database is gone too: the claims run out with their lease, as a dead node's do.
			log.warn("Could not release this node's mail claims ({}); other nodes take them after the lease",
					e.getClass().getSimpleName());
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** After the web server's graceful shutdown: the logins in flight may still write mail. */
	@Override
	public int getPhase() {
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1;
	}

	String node() {
		return node;
	}

	private static byte[] randomNode() {
		byte[] bytes = new byte[6];
		new SecureRandom().nextBytes(bytes);
		return bytes;
	}

	/** Delivers every due message. Safe from any number of threads and nodes at once; answers how many this call delivered. */
	int dispatch() {
		int delivered = 0;
		List<Message> batch;
		do {
			if (!running) {
				return delivered;
			}
			Instant claimedAt = clock.instant();
			batch = outbox.claim(node, claimedAt, settings.lease(), settings.batchSize());
			for (Message message : batch) {
				if (deliver(message, claimedAt)) {
					delivered++;
				}
			}
		}
		while (batch.size() == settings.batchSize());
		return delivered;
	}

	private boolean deliver(Message message, Instant claimedAt) {
		if (!running) {
			// Shutting down: the claim is released for another node.
			return false;
		}
		if (sender == null) {
			return outbox.markSent(message, clock.instant(), DeliveredVia.DEVELOPMENT_MAILBOX);
		}
		// Near the end of the lease another node may take the message over: leave it to that node.
		Duration margin = settings.lease().dividedBy(4);
		if (clock.instant().isAfter(claimedAt.plus(settings.lease()).minus(margin))) {
			return false;
		}
		// Kept from release() until marked, or a node shutting down could hand another node what it just sent.
		sending.add(message.id());
		try {
			try {
				sender.send(mime(message));
			}
			catch (Exception e) {
				failed(message, e);
				return false;
			}
			if (!outbox.markSent(message, clock.instant(), DeliveredVia.SMTP)) {
				log.warn("Mail {} ({}) was sent after its claim had expired: it may have been sent twice", message.id(),
						message.kind());
			}
			return true;
		}
		finally {
			sending.remove(message.id());
		}
	}

	private MimeMessage mime(Message message) throws MessagingException {
		MimeMessage mime = sender.createMimeMessage();
		mime.setFrom(new InternetAddress(settings.from(), true));
		mime.setRecipient(RecipientType.TO, new InternetAddress(message.recipient(), true));
		mime.setSubject(message.subject(), "UTF-8");
		mime.setSentDate(Date.from(clock.instant()));
		// RFC 3834: an automatic message, so that auto-responders do not answer it.
		mime.setHeader("Auto-Submitted", "auto-generated");
		MimeBodyPart text = new MimeBodyPart();
		text.setText(message.text(), "UTF-8", "plain");
		MimeBodyPart html = new MimeBodyPart();
		html.setText(message.html(), "UTF-8", "html");
		mime.setContent(new MimeMultipart("alternative", text, html));
		return mime;
	}

	private void failed(Message message, Exception e) {
		int failures = message.attempts() + 1;
		Duration delay = RetrySchedule.delayAfter(failures);
		String error = describe(e);
		outbox.markFailed(message, clock.instant().plus(delay), error);
		if (failures >= RetrySchedule.WARN_AFTER) {
			log.warn("Mail {} ({}) to {} still undelivered after {} attempts, trying again every {}: {}", message.id(),
					message.kind(), masked(message.recipient()), failures, RetrySchedule.CAP, error);
		}
		else {
			log.warn("Mail {} ({}) to {} not delivered (attempt {}), next in {}: {}", message.id(), message.kind(),
					masked(message.recipient()), failures, delay, error);
		}
	}

	/** The kind of failure, without addresses or long numbers, short enough for {@code last_error}. */
	static String describe(Throwable e) {
		Throwable root = e;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String text = e.getClass().getSimpleName() + (root != e ? " / " + root.getClass().getSimpleName() : "")
				+ (root.getMessage() == null ? "" : ": " + root.getMessage());
		text = ADDRESS.matcher(text.replaceAll("\\s+", " ")).replaceAll("***@");
		text = LONG_NUMBER.matcher(text).replaceAll("***");
		return text.length() > 300 ? text.substring(0, 300) : text;
	}

	/** "r***@correo.ec": enough to tell messages apart in a log, not to read the address. */
	static String masked(String address) {
		int at = address.indexOf('@');
		return at < 1 ? "***" : address.charAt(0) + "***" + address.substring(at);
	}
}
