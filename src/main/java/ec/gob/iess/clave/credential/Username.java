package ec.gob.iess.clave.credential;

import ec.gob.iess.clave.identity.Cedula;
import ec.gob.iess.clave.identity.InvalidIdentifierException;
import ec.gob.iess.clave.identity.Ruc;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;

/**
 * What people type in "Número de cédula" (or "RUC"): a valid cédula or RUC decides the account kind.
 * A malformed number is refused with its own message; the rules are public, so that reveals nothing.
 */
public record Username(String value, AccountKind kind) {

	public static Username parse(String raw) {
		String trimmed = raw == null ? "" : raw.strip();
		try {
			if (trimmed.length() == 13) {
				return new Username(Ruc.parse(trimmed).value(), AccountKind.EMPLEADOR);
			}
			return new Username(Cedula.parse(trimmed).value(), AccountKind.ASEGURADO);
		}
		catch (InvalidIdentifierException e) {
			throw new Refusal(trimmed.length() == 13 ? RefusalCode.INVALID_RUC : RefusalCode.INVALID_CEDULA);
		}
	}

	/** An asegurado's account name: the cédula, already valid, needs no parsing again. */
	public static Username of(Cedula cedula) {
		return new Username(cedula.value(), AccountKind.ASEGURADO);
	}

	/** An empleador's account name: the RUC, already valid. */
	public static Username of(Ruc ruc) {
		return new Username(ruc.value(), AccountKind.EMPLEADOR);
	}

	public Cedula cedula() {
		return Cedula.parse(value);
	}

	/**
	 * What a page shows of the number to whoever holds its link: the last three digits of a cédula, the
	 * last six of a RUC (nearly every RUC ends in 001, which alone would tell its owner nothing).
	 */
	public String ending() {
		int shown = kind == AccountKind.EMPLEADOR ? 6 : 3;
		return value.substring(value.length() - shown);
	}

	@Override
	public String toString() {
		return "*".repeat(value.length() - 3) + value.substring(value.length() - 3);
	}
}
