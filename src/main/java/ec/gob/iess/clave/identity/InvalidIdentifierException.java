package ec.gob.iess.clave.identity;

/**
 * A cédula, RUC or código dactilar that breaks its rules. The message names the field only: the
 * rejected value is left out so that an identity number never reaches a log through an exception.
 */
public class InvalidIdentifierException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final IdentifierField field;

	public InvalidIdentifierException(IdentifierField field) {
		super(messageFor(field));
		this.field = field;
	}

	public IdentifierField field() {
		return field;
	}

	private static String messageFor(IdentifierField field) {
		return switch (field) {
			case CEDULA -> "El número de cédula no es válido";
			case RUC -> "El número de RUC no es válido";
			case FINGERPRINT_CODE -> "El código dactilar no es válido";
			case EMAIL -> "El correo electrónico no es válido";
			case EMAIL_NOT_ASCII -> "El correo electrónico no puede llevar tildes ni eñes antes de la @";
		};
	}
}
