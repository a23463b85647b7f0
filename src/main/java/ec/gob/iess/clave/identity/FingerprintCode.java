package ec.gob.iess.clave.identity;

import java.util.regex.Pattern;

/**
 * The código dactilar printed on the back of the cédula, e.g. {@code V4343V4242}: the Vucetich
 * classification of both hands, asked for as proof of holding the card. It is a classification
 * shared by many people, not a secret, so it is neither masked nor hashed. {@link #value()} is
 * upper-case without spaces.
 */
public record FingerprintCode(String value) {

	// Each hand: the thumb as a letter (A arch, I internal loop, E external loop, V whorl), the other
	// four fingers as the same types numbered 1–4, and one optional trailing letter some cards carry.
	private static final Pattern FORMAT = Pattern.compile("[AEIV][1-4]{4}[A-Z]?[AEIV][1-4]{4}[A-Z]?");

	public FingerprintCode {
		if (value == null || !FORMAT.matcher(value).matches()) {
			throw new InvalidIdentifierException(IdentifierField.FINGERPRINT_CODE);
		}
	}

	/** The code as typed: any case, spaces anywhere. */
	public static FingerprintCode parse(String raw) {
		return new FingerprintCode(normalise(raw));
	}

	/** Whether {@link #parse(String)} would accept {@code raw}. */
	public static boolean isValid(String raw) {
		String normalised = normalise(raw);
		return normalised != null && FORMAT.matcher(normalised).matches();
	}

	/** Whether {@code other}, as typed, is this code; an invalid {@code other} never matches. */
	public boolean matches(String other) {
		return value.equals(normalise(other));
	}

	/**
	 * Drops whitespace and upper-cases ASCII letters only: {@link String#toUpperCase} would turn the
	 * Turkish 'ı' into 'I' and the long 'ſ' into 'S', and accept characters no card carries.
	 */
	private static String normalise(String raw) {
		if (raw == null) {
			return null;
		}
		StringBuilder normalised = new StringBuilder(raw.length());
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
				continue;
			}
			normalised.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
		}
		return normalised.toString();
	}
}
