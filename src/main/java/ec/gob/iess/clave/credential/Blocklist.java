package ec.gob.iess.clave.credential;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Common and breached passwords that a clave may not be (NIST SP 800-63B-4 §3.1.1.2: verifiers refuse values
 * known to be commonly used, expected or compromised).
 *
 * <p>
 * Sources: {@code dictionaries/passwords.txt} from the nbvcxz jar (100,001 passwords from breaches, MIT licence;
 * only the data file is used, never its classes) and our own {@code blocklist-es.txt} next to this class
 * (Spanish and Ecuadorian bases: words of love and faith, family, cities, football clubs, months, names,
 * IESS vocabulary, keyboard walks).
 *
 * <p>
 * Both the entries and the clave are <em>normalised</em> the same way before comparing: Unicode NFKC, lower case
 * ({@link Locale#ROOT}), accents stripped ("contraseña" ≈ "contrasena"), whitespace, punctuation and keyboard
 * symbols removed — because none of that makes a guess list meaningfully longer (emoji are kept: they are content,
 * not decoration a cracker tries). A clave is then refused when it is
 * <em>essentially</em> a common password:
 * <ol>
 * <li>its normalised form is an entry ("Contraseña!!!!!!!!");</li>
 * <li>with leading and trailing digits removed, what is left is an entry ("contraseña2024!!!!!",
 * "2024clave2024") — appending a number or a year is the first thing a user does and the first rule a cracker
 * tries;</li>
 * <li>it is one entry repeated ("passwordpassword", "teamoteamoteamo", "abc123abc123abc123"), possibly with such
 * digits around it;</li>
 * <li>it is one entry repeated with a year or a simple digit run in between ("ecuador2024ecuador",
 * "teamo123teamo"): short numbers (up to 4 digits), one digit repeated, 0123… sequences, a short group repeated,
 * a date, or a number that is itself an entry;</li>
 * <li>any of the above after undoing the usual substitutions ("@"→a, "$"→s, and 0 1 3 4 5 7 between letters →
 * o i e a s t: "p@ssw0rd2024").</li>
 * </ol>
 * Rules 2–5 only use entries of at least {@value #MIN_BASE_LENGTH} characters, so a long passphrase that merely
 * <em>contains</em> a common short word ("mi amor es el mar de Salinas") is fine: the length of a passphrase is its
 * strength, and refusing ordinary words inside it would only push people towards shorter claves.
 *
 * <p>
 * The entries live in an immutable hash set of normalised strings (about 100,000); {@link #standard()} loads the
 * two files once. Instances are immutable and thread-safe.
 */
final class Blocklist {

	/** The breached-password list inside the nbvcxz jar. */
	static final String BREACHED_RESOURCE = "dictionaries/passwords.txt";

	/** Our supplement, next to this class. */
	static final String SUPPLEMENT_RESOURCE = "blocklist-es.txt";

	/** Entries shorter than this only match a clave that normalises to exactly them. */
	static final int MIN_BASE_LENGTH = 4;

	private final Set<String> entries;

	private Blocklist(Set<String> entries) {
		this.entries = entries;
	}

	/** The breached list plus our Spanish supplement, loaded once. */
	public static Blocklist standard() {
		return Standard.INSTANCE;
	}

	/** A blocklist of the given words (normalised here); for tests and special cases. */
	public static Blocklist of(Collection<String> words) {
		Set<String> set = new HashSet<>();
		for (String word : words) {
			add(set, word);
		}
		return new Blocklist(Set.copyOf(set));
	}

	/** How many distinct normalised entries. */
	public int size() {
		return entries.size();
	}

	/** True when the clave is essentially a common password (see the class description for the rules). */
	public boolean isCommon(String clave) {
		if (clave == null) {
			return false;
		}
		String plain = normalise(clave);
		if (matches(plain)) {
			return true;
		}
		String unleet = normaliseUndoingSubstitutions(clave);
		return !unleet.equals(plain) && matches(unleet);
	}

	private boolean matches(String n) {
		if (n.isEmpty()) {
			return false;
		}
		if (entries.contains(n)) {
			return true;
		}
		if (isRepeatedBase(n)) {
			return true;
		}
		String core = stripDigits(n);
		if (core.isEmpty()) {
			return false;
		}
		if (core.length() < n.length() && (isBase(core) || isRepeatedBase(core))) {
			return true;
		}
		return isOneBaseWithSimpleDigits(core);
	}

	private boolean isBase(String s) {
		return s.length() >= MIN_BASE_LENGTH && entries.contains(s);
	}

	/** s = u^k with k ≥ 2 and u an entry of at least the base length. */
	private boolean isRepeatedBase(String s) {
		String root = primitiveRoot(s);
		return root.length() < s.length() && isBase(root);
	}

	/**
	 * The core (starting and ending with a non-digit) is made of letter runs that are all the same entry (or the
	 * same entry repeated), separated by simple digit runs: "ecuador2024ecuador", "teamo1teamo2teamo3".
	 */
	private boolean isOneBaseWithSimpleDigits(String core) {
		List<String> words = new ArrayList<>();
		int i = 0;
		boolean sawDigits = false;
		while (i < core.length()) {
			int start = i;
			boolean digits = isAsciiDigit(core.charAt(i));
			while (i < core.length() && isAsciiDigit(core.charAt(i)) == digits) {
				i++;
			}
			String run = core.substring(start, i);
			if (digits) {
				sawDigits = true;
				if (!isSimpleDigits(run)) {
					return false;
				}
			}
			else {
				words.add(run);
			}
		}
		if (!sawDigits) {
			return false;
		}
		String root = primitiveRoot(words.get(0));
		boolean allSameWord = true;
		for (String word : words) {
			if (!primitiveRoot(word).equals(root)) {
				return false;
			}
			allSameWord &= word.equals(words.get(0));
		}
		return isBase(root) || (allSameWord && isBase(words.get(0)));
	}

	/** A digit run that adds next to nothing to a guess: short, repeated, a sequence, a date or itself common. */
	private boolean isSimpleDigits(String d) {
		if (d.length() <= 4 || primitiveRoot(d).length() <= 4 || isDigitSequence(d) || entries.contains(d)) {
			return true;
		}
		return isDate(d);
	}

	private static boolean isDigitSequence(String d) {
		int step = Math.floorMod(d.charAt(1) - d.charAt(0), 10);
		if (step != 1 && step != 9) {
			return false;
		}
		for (int i = 1; i < d.length(); i++) {
			if (Math.floorMod(d.charAt(i) - d.charAt(i - 1), 10) != step) {
				return false;
			}
		}
		return true;
	}

	/** ddMMyy, ddMMyyyy, MMddyyyy or yyyyMMdd, a real calendar date. */
	private static boolean isDate(String d) {
		if (d.length() == 6) {
			return validDate(1900 + num(d, 4, 6), num(d, 2, 4), num(d, 0, 2));
		}
		if (d.length() == 8) {
			return validDate(num(d, 4, 8), num(d, 2, 4), num(d, 0, 2))
					|| validDate(num(d, 4, 8), num(d, 0, 2), num(d, 2, 4))
					|| validDate(num(d, 0, 4), num(d, 4, 6), num(d, 6, 8));
		}
		return false;
	}

	private static boolean validDate(int year, int month, int day) {
		if (year < 1900 || year > 2099) {
			return false;
		}
		try {
			LocalDate.of(year, month, day);
			return true;
		}
		catch (DateTimeException e) {
			return false;
		}
	}

	private static int num(String s, int from, int to) {
		return Integer.parseInt(s, from, to, 10);
	}

	private static String stripDigits(String n) {
		int start = 0;
		int end = n.length();
		while (start < end && isAsciiDigit(n.charAt(start))) {
			start++;
		}
		while (end > start && isAsciiDigit(n.charAt(end - 1))) {
			end--;
		}
		return n.substring(start, end);
	}

	/** The shortest u with s = u^k (s itself when it is not a repetition). */
	static String primitiveRoot(String s) {
		if (s.length() < 2) {
			return s;
		}
		int period = (s + s).indexOf(s, 1);
		return period < s.length() ? s.substring(0, period) : s;
	}

	static boolean isAsciiDigit(char c) {
		return c >= '0' && c <= '9';
	}

	/**
	 * NFKC, lower case, accents stripped (NFD and every combining mark dropped, then NFC), but whitespace and
	 * punctuation kept.
	 */
	static String fold(String s) {
		if (isAscii(s)) {
			return s.toLowerCase(Locale.ROOT);
		}
		String lower = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
		String decomposed = Normalizer.normalize(lower, Normalizer.Form.NFD);
		StringBuilder out = new StringBuilder(decomposed.length());
		decomposed.codePoints().filter(cp -> !isMark(cp)).forEach(out::appendCodePoint);
		return Normalizer.normalize(out, Normalizer.Form.NFC);
	}

	/**
	 * {@link #fold} and then whitespace, punctuation and keyboard symbols removed: how entries and claves are
	 * compared. Emoji and other symbols beyond Latin-1 are kept, as content: "🐢🌵🚀🎉🐢 abcd" is not "abcd".
	 */
	static String normalise(String s) {
		return withoutSeparators(fold(s));
	}

	private static String withoutSeparators(String folded) {
		StringBuilder out = new StringBuilder(folded.length());
		folded.codePoints().filter(cp -> !isSeparator(cp)).forEach(out::appendCodePoint);
		return out.toString();
	}

	/** Whitespace, controls, punctuation, currency signs and the symbols of Latin-1 (+ - = ^ ` | ~ ¬ ° ± …). */
	static boolean isSeparator(int cp) {
		if (Character.isLetterOrDigit(cp)) {
			return false;
		}
		switch (Character.getType(cp)) {
			case Character.MATH_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL:
				return cp < 0x100;
			case Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED:
				return false;
			default:
				// separators, controls, format characters, every punctuation class, currency symbols, marks left over
				return true;
		}
	}

	private static boolean isAscii(String s) {
		for (int i = 0; i < s.length(); i++) {
			if (s.charAt(i) >= 0x80) {
				return false;
			}
		}
		return true;
	}

	private static boolean isMark(int cp) {
		int type = Character.getType(cp);
		return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
				|| type == Character.COMBINING_SPACING_MARK;
	}

	/** "@"→a, "$"→s, then runs of at most two of 0 1 3 4 5 7 between letters → o i e a s t. */
	static String normaliseUndoingSubstitutions(String s) {
		String n = withoutSeparators(fold(s).replace('@', 'a').replace('$', 's'));
		StringBuilder out = new StringBuilder(n);
		int i = 0;
		while (i < n.length()) {
			if (!isAsciiDigit(n.charAt(i))) {
				i++;
				continue;
			}
			int start = i;
			while (i < n.length() && isAsciiDigit(n.charAt(i))) {
				i++;
			}
			boolean betweenLetters = start > 0 && i < n.length();
			if (betweenLetters && i - start <= 2) {
				String mapped = unleet(n.substring(start, i));
				if (mapped != null) {
					out.replace(start, i, mapped);
				}
			}
		}
		return out.toString();
	}

	private static String unleet(String digits) {
		StringBuilder out = new StringBuilder(digits.length());
		for (int i = 0; i < digits.length(); i++) {
			int index = "013457".indexOf(digits.charAt(i));
			if (index < 0) {
				return null;
			}
			out.append("oieast".charAt(index));
		}
		return out.toString();
	}

	private static void add(Set<String> set, String word) {
		if (word == null) {
			return;
		}
		String n = normalise(word);
		if (!n.isEmpty()) {
			set.add(n);
		}
	}

	private static Blocklist load() {
		Set<String> set = new HashSet<>(150_000);
		try (InputStream breached = Blocklist.class.getClassLoader().getResourceAsStream(BREACHED_RESOURCE);
				InputStream supplement = Blocklist.class.getResourceAsStream(SUPPLEMENT_RESOURCE)) {
			if (breached == null || supplement == null) {
				throw new IllegalStateException("blocklist missing from the classpath: "
						+ (breached == null ? BREACHED_RESOURCE : SUPPLEMENT_RESOURCE));
			}
			read(breached, false, set);
			read(supplement, true, set);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot read the blocklist", e);
		}
		return new Blocklist(Set.copyOf(set));
	}

	private static void read(InputStream in, boolean comments, Set<String> set) throws IOException {
		BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
		for (String line = reader.readLine(); line != null; line = reader.readLine()) {
			if (comments && line.startsWith("#")) {
				continue;
			}
			add(set, line);
		}
	}

	private static final class Standard {

		static final Blocklist INSTANCE = load();

	}
}
