package ec.gob.iess.clave.identity;

/**
 * The thirteen-digit Registro Único de Contribuyentes of the SRI, the employer's login. {@code type}
 * follows from the number; it is a component so callers can switch on it, and a mismatch is refused.
 * {@link #toString()} is masked like the cédula's, since a person's RUC contains their cédula.
 */
public record Ruc(String value, RucType type) {

	static final int LENGTH = 13;

	private static final int[] PRIVATE_WEIGHTS = { 4, 3, 2, 7, 6, 5, 4, 3, 2 };
	private static final int[] PUBLIC_WEIGHTS = { 3, 2, 7, 6, 5, 4, 3, 2 };

	public Ruc {
		if (type == null || typeOf(value) != type) {
			throw new InvalidIdentifierException(IdentifierField.RUC);
		}
	}

	/** A RUC whose type is read from the number. */
	public Ruc(String value) {
		this(value, typeOf(value));
	}

	/** The number as typed: surrounding whitespace is dropped, anything else must already be right. */
	public static Ruc parse(String raw) {
		return new Ruc(raw == null ? null : raw.strip());
	}

	/** Whether {@link #parse(String)} would accept {@code raw}. */
	public static boolean isValid(String raw) {
		return raw != null && typeOf(raw.strip()) != null;
	}

	/** "**********001": the same rule as the cédula, only the last three digits. */
	public String masked() {
		return Identifiers.mask(value);
	}

	@Override
	public String toString() {
		return masked();
	}

	/** The kind {@code value} is a valid RUC of, {@code null} when it is none. */
	private static RucType typeOf(String value) {
		if (value == null || value.length() != LENGTH || !Identifiers.isAsciiDigits(value)
				|| !Identifiers.isProvince(value)) {
			return null;
		}
		int third = digit(value, 2);
		if (third <= 5) {
			// A person's RUC is their cédula followed by the establishment number.
			return Cedula.isWellFormed(value.substring(0, Cedula.LENGTH)) && hasEstablishment(value, 10)
					? RucType.NATURAL : null;
		}
		if (third == 9) {
			return module11(value, PRIVATE_WEIGHTS) == digit(value, 9) && hasEstablishment(value, 10)
					? RucType.PRIVADA : null;
		}
		if (third == 6) {
			// The public sector's numbers are one digit shorter: check digit 9, then four establishment digits.
			return module11(value, PUBLIC_WEIGHTS) == digit(value, 8) && hasEstablishment(value, 9)
					? RucType.PUBLICA : null;
		}
		return null;
	}

	/** Establishments are numbered from 1 (the matriz); all zeros is never issued. */
	private static boolean hasEstablishment(String value, int from) {
		return Integer.parseInt(value.substring(from)) >= 1;
	}

	/**
	 * Módulo 11 over the leading digits, or -1 when the computed check is 10: a single digit cannot
	 * hold it, so the SRI never issues such a number and nothing may be read as matching it.
	 */
	private static int module11(String value, int[] weights) {
		int sum = 0;
		for (int i = 0; i < weights.length; i++) {
			sum += digit(value, i) * weights[i];
		}
		int remainder = sum % 11;
		int check = remainder == 0 ? 0 : 11 - remainder;
		return check == 10 ? -1 : check;
	}

	private static int digit(String value, int index) {
		return value.charAt(index) - '0';
	}
}
