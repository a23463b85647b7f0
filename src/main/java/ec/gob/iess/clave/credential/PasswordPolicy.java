package ec.gob.iess.clave.credential;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The clave policy (NIST SP 800-63B-4 §3.1.1.2): a length between {@code minLength} and {@code maxLength}
 * <em>code points</em> (an emoji or an "ñ" typed as n + combining tilde counts as what it is in code points,
 * spaces and any character allowed, nothing truncated), no composition rules, and no clave that is common, a
 * plain pattern, or built from what an attacker knows about the person or the service.
 *
 * <p>
 * {@link #check} answers every reason at once, in {@link WeakReason} order, so the page can show them all; an
 * empty list means the clave is acceptable. Comparisons use {@link Blocklist}'s normalisation (NFKC, lower case,
 * no accents, no spaces or punctuation), so "Cédula 1712345678", "María" and "I.E.S.S." are recognised however
 * they are written. Thread-safe.
 */
final class PasswordPolicy {

	/** Beyond this many chars the content is not examined at all (the answer is TOO_LONG anyway). */
	private static final int EXAMINE_LIMIT = 4096;

	/** Name words that are particles, not names ("de la Torre", "del Pozo", "San Martín"). */
	private static final Set<String> NAME_PARTICLES = Set.of("del", "las", "los", "san", "santa", "van", "von",
			"der", "vda", "viuda");

	private static final int MIN_NAME_LENGTH = 3;

	private static final List<String> INSTITUTION = List.of("iess", "segurosocial", "seguridadsocial",
			"institutoecuatoriano");

	/**
	 * Orders a clave may not simply follow: digits (with 0 after 9), the alphabet, keyboard rows read left to right
	 * and top to bottom (with and without the Spanish "ñ" key, which normalises to "n"), their shifted symbols, and
	 * the common column walk. Checked forwards, backwards and wrapping around.
	 */
	private static final List<String> SEQUENCES = List.of("0123456789", "abcdefghijklmnopqrstuvwxyz",
			"abcdefghijklmnñopqrstuvwxyz", "1234567890qwertyuiopasdfghjklzxcvbnm",
			"1234567890qwertyuiopasdfghjklñzxcvbnm", "azertyuiopqsdfghjklmwxcvbn", "qwertzuiopasdfghjklyxcvbnm",
			"`1234567890-=qwertyuiop[]\\asdfghjkl;'zxcvbnm,./", "|1234567890'¿qwertyuiop`+asdfghjklñ{ç<zxcvbnm,.-",
			"~!@#$%^&*()_+", "!\"#$%&/()=?¡", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/-['",
			"qazwsxedcrfvtgbyhnujmikolp")
		.stream()
		.map(Blocklist::fold)
		.toList();

	private static final List<DateTimeFormatter> DATE_FORMS = List.of("yyyyMMdd", "ddMMyyyy", "MMddyyyy", "ddMMyy",
			"yyMMdd", "dMyyyy", "yyyyMd")
		.stream()
		.map(pattern -> DateTimeFormatter.ofPattern(pattern, Locale.ROOT))
		.toList();

	private final int minLength;
	private final int maxLength;
	private final Supplier<Blocklist> blocklist;

	/**
	 * @param minLength at least 1 (the service uses 15)
	 * @param maxLength at least {@code minLength} (the service uses 128)
	 * @param blocklist usually {@link Blocklist#standard()}
	 */
	public PasswordPolicy(int minLength, int maxLength, Blocklist blocklist) {
		this(minLength, maxLength, constant(Objects.requireNonNull(blocklist, "blocklist")));
	}

	/** The same, with the blocklist still loading ({@link StartupLoad}): the first check waits for it. */
	PasswordPolicy(int minLength, int maxLength, Supplier<Blocklist> blocklist) {
		if (minLength < 1 || maxLength < minLength) {
			throw new IllegalArgumentException(
					"clave length must satisfy 1 <= min <= max, got min=" + minLength + " max=" + maxLength);
		}
		this.minLength = minLength;
		this.maxLength = maxLength;
		this.blocklist = Objects.requireNonNull(blocklist, "blocklist");
	}

	private static Supplier<Blocklist> constant(Blocklist blocklist) {
		return () -> blocklist;
	}

	/** Waits for the blocklist; throws what its load failed with, if it did. */
	void awaitLoaded() {
		blocklist.get();
	}

	public int minLength() {
		return minLength;
	}

	public int maxLength() {
		return maxLength;
	}

	/** Every reason why this clave is refused for this person; empty when it is acceptable. */
	public List<WeakReason> check(String clave, PasswordContext context) {
		if (clave == null) {
			return List.of(WeakReason.TOO_SHORT);
		}
		PasswordContext person = context == null ? PasswordContext.none() : context;
		Set<WeakReason> reasons = EnumSet.noneOf(WeakReason.class);
		int length = clave.codePointCount(0, clave.length());
		if (length < minLength) {
			reasons.add(WeakReason.TOO_SHORT);
		}
		if (length > maxLength) {
			reasons.add(WeakReason.TOO_LONG);
			if (clave.length() > EXAMINE_LIMIT) {
				return List.copyOf(reasons);
			}
		}
		String folded = Blocklist.fold(clave);
		String normalised = Blocklist.normalise(clave);
		String digits = asciiDigits(folded);
		if (blocklist.get().isCommon(clave)) {
			reasons.add(WeakReason.COMMON);
		}
		if (containsIdentifier(digits, person.username())) {
			reasons.add(WeakReason.CONTAINS_IDENTIFIER);
		}
		if (containsName(normalised, person.names())) {
			reasons.add(WeakReason.CONTAINS_NAME);
		}
		if (containsBirthDate(digits, person.birthDate())) {
			reasons.add(WeakReason.CONTAINS_BIRTH_DATE);
		}
		if (INSTITUTION.stream().anyMatch(normalised::contains)) {
			reasons.add(WeakReason.CONTAINS_INSTITUTION);
		}
		if (isRepetitive(folded, normalised)) {
			reasons.add(WeakReason.REPETITIVE);
		}
		return List.copyOf(reasons);
	}

	/**
	 * The cédula or RUC (and a RUC's first 10 digits, which are the owner's cédula for a persona natural; and the
	 * first 9, the cédula without its check digit) among the clave's digits, whatever separates them.
	 */
	private static boolean containsIdentifier(String claveDigits, String username) {
		if (username == null) {
			return false;
		}
		String id = asciiDigits(Blocklist.fold(username));
		if (id.length() < 6) {
			return false;
		}
		Set<String> forms = new LinkedHashSet<>();
		forms.add(id);
		if (id.length() >= 10) {
			forms.add(id.substring(0, 10));
			forms.add(id.substring(0, 9));
		}
		return forms.stream().anyMatch(claveDigits::contains);
	}

	/** Any word of at least three letters of the person's names ("María José Pazmiño" → maria, jose, pazmino). */
	private static boolean containsName(String normalised, List<String> names) {
		for (String name : names) {
			for (String word : Blocklist.fold(name).split("[^\\p{L}\\p{N}]+")) {
				String w = Blocklist.normalise(word);
				if (w.codePointCount(0, w.length()) >= MIN_NAME_LENGTH && !NAME_PARTICLES.contains(w)
						&& normalised.contains(w)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * The birth date among the clave's digits, separators ignored: yyyyMMdd, ddMMyyyy, MMddyyyy, ddMMyy, yyMMdd and
	 * the unpadded d/M/yyyy, which covers dd/MM/yyyy, dd-MM-yyyy and yyyy-MM-dd as typed.
	 */
	private static boolean containsBirthDate(String claveDigits, LocalDate birthDate) {
		if (birthDate == null || claveDigits.length() < 6) {
			return false;
		}
		for (DateTimeFormatter form : DATE_FORMS) {
			String text = form.format(birthDate);
			if (text.length() >= 6 && claveDigits.contains(text)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Three or fewer distinct characters ("aaaa…", "ababab…", "🙂🙂🙂…"), a pattern of at most four characters
	 * repeated ("abcdabcd…"), or a plain run along one of the {@link #SEQUENCES}.
	 */
	private static boolean isRepetitive(String folded, String normalised) {
		String compact = folded.codePoints()
			.filter(cp -> !Character.isWhitespace(cp) && !Character.isSpaceChar(cp))
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		if (compact.isEmpty() || compact.codePoints().distinct().count() <= 3) {
			return true;
		}
		// The letters and digits alone count too, but only when what separates them is itself monotonous
		// ("a.b.c.d.e.f.g.h", "1-2-3-4-5-6-7-8"), not when emoji or symbols carry the strength.
		long separators = compact.codePoints().filter(cp -> !Character.isLetterOrDigit(cp)).distinct().count();
		List<String> candidates = separators <= 3 ? List.of(compact, normalised) : List.of(compact);
		for (String candidate : candidates) {
			if (candidate.codePointCount(0, candidate.length()) < 4) {
				continue;
			}
			if (periodInCodePoints(candidate) <= 4 || isSequence(candidate)) {
				return true;
			}
		}
		return false;
	}

	private static int periodInCodePoints(String s) {
		String root = Blocklist.primitiveRoot(s);
		return root.codePointCount(0, root.length());
	}

	private static boolean isSequence(String s) {
		for (String sequence : SEQUENCES) {
			if (alongCyclic(s, sequence) || alongCyclic(s, new StringBuilder(sequence).reverse().toString())) {
				return true;
			}
		}
		return false;
	}

	/** s is a substring of sequence repeated (so it may wrap around: "7890123456"). */
	private static boolean alongCyclic(String s, String sequence) {
		int copies = s.length() / sequence.length() + 2;
		return sequence.repeat(copies).contains(s);
	}

	private static String asciiDigits(String s) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < s.length(); i++) {
			if (Blocklist.isAsciiDigit(s.charAt(i))) {
				out.append(s.charAt(i));
			}
		}
		return out.toString();
	}

	@Override
	public String toString() {
		return "PasswordPolicy[" + minLength + ".." + maxLength + " code points, " + blocklist.get().size()
				+ " blocklisted]";
	}
}
