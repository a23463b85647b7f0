package ec.gob.iess.clave.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

/**
 * The fault scripts' SMTP server (GreenMail) on a fixed loopback port: it can be stopped and started again on the same
 * port, and keeps, across restarts, every message it accepted with the time it was first seen (polled every 100 ms;
 * the order of {@link #received()} is the order seen, not exactly the order of arrival).
 * Not a test.
 */
final class MailSink implements AutoCloseable {

	private static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_-]+)");

	/** One accepted message: what the checks compare with the outbox. */
	record Received(String recipient, String subject, String text, List<String> tokens, long seenAtMillis) {

		/** Recipient, subject and text: equal for a message and its duplicate. */
		String key() {
			return key(recipient, subject, text);
		}

		static String key(String recipient, String subject, String text) {
			return recipient.toLowerCase(java.util.Locale.ROOT) + "\n" + subject + "\n" + normalise(text);
		}
	}

	private final int port;
	private GreenMail smtp;
	/** The current server's messages already taken; GreenMail lists them per mailbox, not in arrival order. */
	private Set<MimeMessage> taken = Collections.newSetFromMap(new IdentityHashMap<>());
	private final List<Received> received = new ArrayList<>();
	private final Thread poller;
	private volatile boolean closed;

	MailSink(int port) {
		this.port = port;
		start();
		this.poller = new Thread(() -> {
			while (!closed) {
				poll();
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException e) {
					return;
				}
			}
		}, "mail-sink-poller");
		poller.setDaemon(true);
		poller.start();
	}

	int port() {
		return port;
	}

	synchronized void start() {
		if (smtp != null) {
			return;
		}
		RuntimeException last = null;
		for (int attempt = 0; attempt < 50; attempt++) { // the port may linger a moment after a stop
			try {
				GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
				server.start();
				smtp = server;
				taken = Collections.newSetFromMap(new IdentityHashMap<>());
				return;
			}
			catch (RuntimeException e) {
				last = e;
				sleep(200);
			}
		}
		throw new IllegalStateException("could not start the SMTP sink on port " + port, last);
	}

	/** Stops the server: from now on a connection to the port is refused. What it accepted is kept. */
	synchronized void stop() {
		if (smtp == null) {
			return;
		}
		poll();
		smtp.stop();
		smtp = null;
		if (accepting()) {
			throw new IllegalStateException("the SMTP port " + port + " still accepts connections after the stop");
		}
	}

	boolean accepting() {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			return true;
		}
		catch (IOException e) {
			return false;
		}
	}

	/** Every message accepted so far, oldest first. */
	synchronized List<Received> received() {
		poll();
		return List.copyOf(received);
	}

	private synchronized void poll() {
		if (smtp == null) {
			return;
		}
		long now = System.currentTimeMillis();
		for (MimeMessage message : smtp.getReceivedMessages()) {
			if (taken.add(message)) {
				received.add(read(message, now));
			}
		}
	}

	private static Received read(MimeMessage message, long now) {
		try {
			String recipient = message.getRecipients(Message.RecipientType.TO)[0].toString();
			String text = plainText(message.getContent());
			return new Received(recipient, message.getSubject(), text, tokens(text), now);
		}
		catch (IOException | MessagingException e) {
			throw new IllegalStateException("the sink could not read a message", e);
		}
	}

	private static String plainText(Object content) throws IOException, MessagingException {
		if (content instanceof Multipart multipart) {
			for (int i = 0; i < multipart.getCount(); i++) {
				if (multipart.getBodyPart(i).isMimeType("text/plain")) {
					return String.valueOf(multipart.getBodyPart(i).getContent());
				}
			}
			return plainText(multipart.getBodyPart(0).getContent());
		}
		return String.valueOf(content);
	}

	/** The {@code ?token=} values in a text, in order. */
	static List<String> tokens(String text) {
		Matcher matcher = TOKEN.matcher(text);
		List<String> tokens = new ArrayList<>();
		while (matcher.find()) {
			tokens.add(matcher.group(1));
		}
		return tokens;
	}

	/** Line ends and trailing blanks as SMTP may have changed them. */
	static String normalise(String text) {
		return text.replace("\r\n", "\n").replace('\r', '\n').strip();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		closed = true;
		poller.interrupt();
		stop();
	}
}
