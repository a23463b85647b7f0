package ec.gob.iess.clave.identity;

/**
 * The ten-digit cédula de identidad of the Registro Civil. {@link #value()} is the full number;
 * {@link #toString()} is masked, so that a cédula does not land in a log by accident.
 */
public record Cedula(String value) {

	static final int LENGTH = 10;

	public Cedula {
		if (!isWellFormed(value)) {
			throw new InvalidIdentifierException(IdentifierField.CEDULA);
		}
	}

	/** The number as typed: surrounding whitespace is dropped, anything else must already be right. */
	public static Cedula parse(String raw) {
		return new Cedula(raw == null ? null : raw.strip());
	}

	/** Whether {@link #parse(String)} would accept {@code raw}. */
	public static boolean isValid(String raw) {
		return raw != null && isWellFormed(raw.strip());
	}

	/** "*******065": only the last three digits, enough to tell records apart in a log. */
	public String masked() {
		return Identifiers.mask(value);
	}

	@Override
	public String toString() {
		return masked();
	}

	// The third digit of a person's number is 0–5: 6 and 9 are taken by the RUC of public entities and
	// companies, so a cédula with those (or the unused 7, 8) cannot exist.
	static boolean isWellFormed(String value) {
		return value != null && value.length() == LENGTH && Identifiers.isAsciiDigits(value)
				&& Identifiers.isProvince(value) && digit(value, 2) <= 5 && checkDigit(value) == digit(value, 9);
	}

	private static int checkDigit(String value) {
		int sum = 0;
		for (int i = 0; i < 9; i++) {
			int product = digit(value, i) * (i % 2 == 0 ? 2 : 1);
			sum += product > 9 ? product - 9 : product;
		}
		return (10 - sum % 10) % 10;
	}

	private static int digit(String value, int index) {
		return value.charAt(index) - '0';
	}
}
