package ec.gob.iess.clave.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import org.springframework.test.context.DynamicPropertyRegistry;

/** A real SMTP server (GreenMail) on a free loopback port, and ways to read what Clave sent to it. */
public final class TestMailServer {

	private static final Pattern LINK = Pattern.compile("https?://[^\\s\"<>]+\\?token=([A-Za-z0-9_-]+)");

	private final int port = freePort();
	private final GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

	public TestMailServer start() {
		smtp.start();
		return this;
	}

	public void stop() {
		smtp.stop();
	}

	/** The loopback port it listens on, for an application started outside the test context ({@code spring.mail.port}). */
	public int port() {
		return port;
	}

	public void register(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> port);
	}

	public List<MimeMessage> to(String address) {
		return Arrays.stream(smtp.getReceivedMessages()).filter(message -> {
			try {
				return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
					.anyMatch(recipient -> recipient.toString().equalsIgnoreCase(address));
			}
			catch (MessagingException e) {
				return false;
			}
		}).toList();
	}

	/** The subjects of the messages to the address, oldest first. */
	public List<String> subjects(String address) {
		return to(address).stream().map(TestMailServer::subject).toList();
	}

	/** The messages to the address that carry an action link (recovery, unlock, contact confirmation), oldest first. */
	public List<MimeMessage> withLinks(String address) {
		return to(address).stream().filter(message -> !links(message).isEmpty()).toList();
	}

	/** Waits (bounded) until {@code count} messages with a link to the address have arrived. */
	public List<MimeMessage> awaitWithLinks(String address, int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			List<MimeMessage> messages = withLinks(address);
			if (messages.size() >= count) {
				return messages;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		throw new AssertionError("expected " + count + " message(s) with a link to " + address + ", got "
				+ withLinks(address).size());
	}

	/** Waits (bounded) until {@code count} messages to the address have arrived. */
	public List<MimeMessage> await(String address, int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			List<MimeMessage> messages = to(address);
			if (messages.size() >= count) {
				return messages;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		throw new AssertionError("expected " + count + " message(s) to " + address + ", got " + to(address).size());
	}

	/** Waits (bounded) for a message to the address with this subject; answers the newest such message. */
	public MimeMessage awaitSubject(String address, String subject, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			List<MimeMessage> found = to(address).stream().filter(message -> subject(message).equals(subject)).toList();
			if (!found.isEmpty()) {
				return found.get(found.size() - 1);
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("no «" + subject + "» to " + address + "; got "
						+ to(address).stream().map(TestMailServer::subject).toList());
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new AssertionError("interrupted while waiting for «" + subject + "»");
			}
		}
	}

	/** The decoded text of every part (plain text and HTML), joined. */
	public static String body(MimeMessage message) {
		try {
			return text(message.getContent());
		}
		catch (IOException | MessagingException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String text(Object content) throws IOException, MessagingException {
		if (content instanceof Multipart multipart) {
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < multipart.getCount(); i++) {
				text.append(text(multipart.getBodyPart(i).getContent())).append('\n');
			}
			return text.toString();
		}
		return String.valueOf(content);
	}

	public static String subject(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (MessagingException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * Every action link ({@code …?token=…}: recovery, unlock, contact confirmation) in the message, in order
	 * (text and HTML parts both count); a notice's "No fui yo" link is none ({@link #fraudLinks}).
	 */
	public static List<String> links(MimeMessage message) {
		return allLinks(message).stream().filter(link -> !link.contains(FRAUD_PATH)).toList();
	}

	/** The "No fui yo" links of a notice ({@code {base-url}/no-fui-yo?token=…}), text and HTML parts both. */
	public static List<String> fraudLinks(MimeMessage message) {
		return allLinks(message).stream().filter(link -> link.contains(FRAUD_PATH)).toList();
	}

	private static final String FRAUD_PATH = "/no-fui-yo?token=";

	private static List<String> allLinks(MimeMessage message) {
		Matcher matcher = LINK.matcher(body(message).replace("&amp;", "&"));
		List<String> links = new java.util.ArrayList<>();
		while (matcher.find()) {
			links.add(matcher.group());
		}
		return links;
	}

	public static String token(String link) {
		Matcher matcher = LINK.matcher(link);
		if (!matcher.find()) {
			throw new AssertionError("no token in " + link);
		}
		return matcher.group(1);
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
