package ec.gob.iess.clave.identity;

/** The rules the cédula and the RUC share. */
final class Identifiers {

	private Identifiers() {
	}

	/**
	 * ASCII '0'–'9' only: {@link Character#isDigit(char)} would also take Arabic-Indic or full-width
	 * digits, which look right on screen, then break the arithmetic and never match the stored number.
	 */
	static boolean isAsciiDigits(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return !value.isEmpty();
	}

	/** Digits 1–2: the 24 provinces, or 30 for Ecuadorians registered at a consulate abroad. */
	static boolean isProvince(String digits) {
		int province = Integer.parseInt(digits.substring(0, 2));
		return (province >= 1 && province <= 24) || province == 30;
	}

	/** All but the last three characters as '*'. */
	static String mask(String value) {
		return "*".repeat(value.length() - 3) + value.substring(value.length() - 3);
	}
}
