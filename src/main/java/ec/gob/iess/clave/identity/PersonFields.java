package ec.gob.iess.clave.identity;

import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * The rules for a person's names and birth date, one for every way people arrive: the counter's form
 * and the registry's bulk import.
 */
public final class PersonFields {

	/** Letters first, then letters, accents, spaces, apostrophes, dots and hyphens; at most 100 characters. */
	private static final Pattern NAMES = Pattern.compile("[\\p{L}][\\p{L}\\p{M} '.-]{0,99}");

	private static final int FIRST_YEAR = 1900;

	private PersonFields() {
	}

	/** Whether {@code names} (first names or last names, surrounding whitespace ignored) can be a person's. */
	public static boolean validNames(String names) {
		return names != null && NAMES.matcher(names.strip()).matches();
	}

	/** Whether a living or recent person can have been born on {@code birthDate}: from 1900, and not after today. */
	public static boolean validBirthDate(LocalDate birthDate, LocalDate today) {
		return birthDate != null && !birthDate.isAfter(today) && birthDate.getYear() >= FIRST_YEAR;
	}
}
