package ec.gob.iess.clave.identity;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An Ecuadorian mobile number, as typed ("099 123 4567", "+593991234567"), kept as {@code +5939…}. */
public final class MobileNumbers {

	private static final Pattern MOBILE = Pattern.compile("(?:\\+593|0)(9\\d{8})");
	private static final Pattern SEPARATORS = Pattern.compile("[\\s-]");

	private MobileNumbers() {
	}

	/** The number in one form, or empty when it is no mobile number; spaces and dashes are ignored. */
	public static Optional<String> normalize(String typed) {
		if (typed == null) {
			return Optional.empty();
		}
		Matcher match = MOBILE.matcher(SEPARATORS.matcher(typed).replaceAll(""));
		return match.matches() ? Optional.of("+593" + match.group(1)) : Optional.empty();
	}
}
