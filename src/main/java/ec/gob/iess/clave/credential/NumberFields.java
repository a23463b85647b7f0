package ec.gob.iess.clave.credential;

import ec.gob.iess.clave.captcha.Captcha;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;

import org.springframework.validation.BindingResult;

/**
 * The refusals of a page's cédula or RUC field ({@code username}) and of its captcha, put on their
 * fields: one rule for Ingresar, Cambio de clave, Generar/recuperar and Desbloqueo. Public, and part of
 * credential's face, because the recovery and unlock pages use it too.
 */
public final class NumberFields {

	private NumberFields() {
	}

	/**
	 * A malformed number on its field. On an employer's page every malformed number is "El RUC no es
	 * válido": the field asks for a RUC, so "la cédula no es válida" would confuse.
	 */
	public static void rejectNumber(RefusalCode code, boolean empleador, BindingResult result) {
		result.rejectValue("username", "identifier." + (empleador ? RefusalCode.INVALID_RUC : code).name());
	}

	/**
	 * The number's and the captcha's refusals on their fields. The service stops at a refused captcha; the
	 * page still names a malformed number, so that one more try can fix both.
	 *
	 * @throws Refusal the refusal itself when it is about neither
	 */
	public static void reject(Refusal refusal, String number, boolean empleador, BindingResult result) {
		switch (refusal.code()) {
			case CAPTCHA_REQUIRED, CAPTCHA_INVALID -> {
				result.rejectValue("captcha", Captcha.messageKey(refusal));
				try {
					Username.parse(number);
				}
				catch (Refusal malformed) {
					rejectNumber(malformed.code(), empleador, result);
				}
			}
			case INVALID_CEDULA, INVALID_RUC -> rejectNumber(refusal.code(), empleador, result);
			default -> throw refusal;
		}
	}
}
