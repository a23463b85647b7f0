package ec.gob.iess.clave.identity;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One email address that the mail path will deliver to, judged once: the counter, the employers, the
 * outbox and the stored contact all use this rule, so an address accepted at the counter can always be
 * mailed (a temporary clave's notice cannot fail later on an address that was let in).
 *
 * <p>The rule is the dot-atom form of RFC 5322 — what {@code InternetAddress} accepts in strict mode
 * and SMTP carries without the SMTPUTF8 extension: no quoted local parts, comments, lists or IP
 * literals; at most 64 characters before the @ and 254 in all. Lower-cased. A domain with accents or
 * ñ ({@code correo@ñandú.ec}) is written in its ASCII form ({@code xn--…}) as every mail server
 * resolves it; a non-ASCII local part is refused, because a server without SMTPUTF8 cannot take it
 * and the person would never get the mail. {@link #value()} is the address; {@link #toString()} is
 * masked, so that an address does not land in a log by accident.
 */
public record EmailAddress(String value) {

	static final int MAX_LENGTH = 254;
	static final int MAX_LOCAL_LENGTH = 64;

	/** RFC 5322 atext, one or more, separated by single dots. */
	private static final Pattern LOCAL = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
	/** A host name label (RFC 1123). */
	private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
	/** The last label names a top-level domain: letters, or the ASCII form of an internationalised one. */
	private static final Pattern TOP_LEVEL = Pattern.compile("[a-z]{2,63}|xn--[a-z0-9-]{1,59}");

	private enum Problem {
		/** Empty, no @, more than one @, a space, a quote, a list, too long, a bad domain… */
		MALFORMED,
		/** Letters with accents or ñ before the @: no mail server without SMTPUTF8 accepts them. */
		NON_ASCII_LOCAL_PART
	}

	public EmailAddress {
		Problem problem = problem(value);
		if (problem != null) {
			throw new InvalidIdentifierException(problem == Problem.NON_ASCII_LOCAL_PART ? IdentifierField.EMAIL_NOT_ASCII
					: IdentifierField.EMAIL);
		}
	}

	/** The address as typed: surrounding whitespace dropped, lower-cased, the domain in its ASCII form. */
	public static EmailAddress parse(String raw) {
		return new EmailAddress(normalise(raw));
	}

	/** The address when {@code raw} is one, empty otherwise: for values read back from storage. */
	public static Optional<EmailAddress> tryParse(String raw) {
		String normalised = normalise(raw);
		return problem(normalised) == null ? Optional.of(new EmailAddress(normalised)) : Optional.empty();
	}

	/** "j***z@g***.com": enough for the owner to recognise the address, too little for anyone else. */
	public String masked() {
		int at = value.indexOf('@');
		String local = value.substring(0, at);
		String domain = value.substring(at + 1);
		int dot = domain.lastIndexOf('.');
		return mask(local) + "@" + domain.charAt(0) + "***" + domain.substring(dot);
	}

	@Override
	public String toString() {
		return masked();
	}

	private static String mask(String part) {
		return part.length() == 1 ? part + "***" : part.charAt(0) + "***" + part.charAt(part.length() - 1);
	}

	private static String normalise(String raw) {
		if (raw == null) {
			return null;
		}
		String stripped = raw.strip();
		int at = stripped.lastIndexOf('@');
		if (at < 0 || stripped.length() > 4 * MAX_LENGTH) {
			return stripped.toLowerCase(Locale.ROOT);
		}
		String local = stripped.substring(0, at).toLowerCase(Locale.ROOT);
		String domain = stripped.substring(at + 1);
		if (!domain.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '.')) {
			// IDNA would silently drop invisible characters (a zero-width space): refuse them instead.
			return local + "@" + domain;
		}
		try {
			// Strict IDNA 2003 (no unassigned code points, STD3 host rules): anything odd stays odd and is refused below.
			domain = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
		}
		catch (IllegalArgumentException e) {
			// left as typed: the domain rule refuses it
		}
		return local + "@" + domain.toLowerCase(Locale.ROOT);
	}

	private static Problem problem(String value) {
		if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
			return Problem.MALFORMED;
		}
		int at = value.indexOf('@');
		if (at < 1 || at != value.lastIndexOf('@')) {
			return Problem.MALFORMED;
		}
		String local = value.substring(0, at);
		String domain = value.substring(at + 1);
		if (!local.chars().allMatch(c -> c < 0x80)) {
			return Problem.NON_ASCII_LOCAL_PART;
		}
		if (local.length() > MAX_LOCAL_LENGTH || !LOCAL.matcher(local).matches() || !validDomain(domain)) {
			return Problem.MALFORMED;
		}
		return null;
	}

	private static boolean validDomain(String domain) {
		if (domain.isEmpty() || domain.length() > 253 || domain.endsWith(".")) {
			return false;
		}
		String[] labels = domain.split("\\.", -1);
		if (labels.length < 2) {
			return false;
		}
		for (String label : labels) {
			if (!LABEL.matcher(label).matches()) {
				return false;
			}
		}
		return TOP_LEVEL.matcher(labels[labels.length - 1]).matches();
	}
}
