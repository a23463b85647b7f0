package ec.gob.iess.clave.captcha;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;

/**
 * "No soy un robot" for a browser that runs no JavaScript, as a plain rule on an injected clock: the
 * page carries a ticket {@code t1.<issued>.<wait>.<expires>.<id>.<signature>} (epoch seconds, the wait
 * in seconds, 128 random bits, HMAC-SHA256 with the captcha key over everything before it), valid from
 * {@code issued + wait} until {@code expires}. The wait stands in for the proof of work: a person
 * needs longer to type a cédula (docs/decisions.md 66). Whether a ticket was already used, and how
 * many one source may spend, are not decided here.
 */
final class NoScriptTickets {

	/** Why a ticket was refused, in {@link Refusal#reasons()}: the page says it in words of its own. */
	static final String TOO_EARLY = "TICKET_TOO_EARLY";
	static final String INVALID = "TICKET_INVALID";

	private static final String VERSION = "t1";

	/** Signed text is prefixed with this, so a ticket's signature can never pass for a challenge's. */
	private static final String DOMAIN = "clave-captcha-ticket:";

	private static final int MAX_LENGTH = 200;

	private static final Pattern FORMAT = Pattern
		.compile("t1\\.(\\d{1,12})\\.(\\d{1,6})\\.(\\d{1,12})\\.([0-9a-f]{32})\\.([0-9a-f]{64})");

	private static final SecureRandom RANDOM = new SecureRandom();

	/** A checked ticket: its id (the key under which it is spent) and when it stops counting. */
	record Ticket(String id, Instant expiresAt) {
	}

	private final Supplier<String> hmacKey;
	private final Duration ttl;
	private final Clock clock;

	NoScriptTickets(Supplier<String> hmacKey, Duration ttl, Clock clock) {
		this.hmacKey = hmacKey;
		this.ttl = ttl;
		this.clock = clock;
	}

	/** Whether a {@code captcha} field holds a ticket rather than a solved challenge (base64 has no dot). */
	static boolean isTicket(String value) {
		return value != null && value.strip().startsWith(VERSION + ".");
	}

	/** A new ticket, valid from {@code wait} (rounded up to whole seconds) after now until the TTL has passed. */
	String issue(Duration wait) {
		Instant now = clock.instant();
		long waitSeconds = wait.plusMillis(999).toSeconds();
		byte[] id = new byte[16];
		RANDOM.nextBytes(id);
		String body = String.join(".", VERSION, Long.toString(now.getEpochSecond()), Long.toString(waitSeconds),
				Long.toString(now.plus(ttl).getEpochSecond()), HexFormat.of().formatHex(id));
		return body + "." + sign(body);
	}

	/**
	 * @throws Refusal CAPTCHA_INVALID with {@link #INVALID} when malformed, not ours or expired; with
	 *         {@link #TOO_EARLY} and the seconds still to wait when its wait has not passed
	 */
	Ticket check(String value) {
		String ticket = value == null ? "" : value.strip();
		Matcher parts = FORMAT.matcher(ticket);
		if (ticket.length() > MAX_LENGTH || !parts.matches()) {
			throw refused(INVALID, null);
		}
		String body = ticket.substring(0, ticket.lastIndexOf('.'));
		// Constant-time, as for challenges: timing must not help anyone build a signature byte by byte.
		if (!MessageDigest.isEqual(sign(body).getBytes(StandardCharsets.US_ASCII),
				parts.group(5).getBytes(StandardCharsets.US_ASCII))) {
			throw refused(INVALID, null);
		}
		Instant now = clock.instant();
		Instant validFrom = Instant.ofEpochSecond(Long.parseLong(parts.group(1)) + Long.parseLong(parts.group(2)));
		Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(parts.group(3)));
		if (!now.isBefore(expiresAt)) {
			throw refused(INVALID, null);
		}
		if (now.isBefore(validFrom)) {
			throw refused(TOO_EARLY, Math.max(1, Duration.between(now, validFrom).plusMillis(999).toSeconds()));
		}
		return new Ticket(parts.group(4), expiresAt);
	}

	private String sign(String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(hmacKey.get().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal((DOMAIN + body).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	private static Refusal refused(String why, Long retryAfterSeconds) {
		return new Refusal(RefusalCode.CAPTCHA_INVALID, List.of(why), retryAfterSeconds);
	}
}
