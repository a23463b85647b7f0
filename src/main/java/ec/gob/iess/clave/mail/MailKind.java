package ec.gob.iess.clave.mail;

/**
 * What a message is about. Each kind has its Spanish templates {@code templates/mail/<kind>.txt} and
 * {@code .html}; the model each one needs is listed with it. Every notice also takes {@code fraudLink},
 * its "No fui yo" link ({@code notice.FraudLinks}), but the two that tell of a suspension (decision 106).
 */
public enum MailKind {

	/** {@code names}, {@code link} (from {@link MailLinks#link}), {@code validMinutes}. */
	RECOVERY_LINK("Genere su nueva clave del IESS", true),
	/** {@code names}, {@code link} (from {@link MailLinks#link}), {@code validMinutes}. */
	UNLOCK_LINK("Desbloqueo de su clave del IESS", true),
	/** {@code names}, {@code link} (from {@link MailLinks#link}), {@code validMinutes}: to the new email of Actualizar datos. */
	CONTACT_CONFIRMATION_LINK("Confirme su nuevo correo para el IESS", true),
	/** {@code names}, {@code account}, {@code when}, {@code where}, {@code unlockPage}. */
	ACCOUNT_LOCKED("Su clave del IESS fue bloqueada", true),
	/** {@code names}, {@code account}, {@code when}, {@code where}. */
	ACCOUNT_UNLOCKED("Su clave del IESS fue desbloqueada", true),
	/** {@code names}, {@code account}, {@code when}, {@code where}. */
	PASSWORD_CHANGED("Su clave del IESS fue cambiada", true),
	/** {@code names}, {@code account}, {@code when}, {@code where}: a new clave set through a recovery link. */
	PASSWORD_RESET("Se registró una nueva clave del IESS", true),
	/** {@code names}, {@code account}, {@code when}, {@code where} (the centre). */
	TEMPORARY_PASSWORD_ISSUED("Se emitió una clave temporal para su cuenta del IESS", true),
	/** {@code names}, {@code account}, {@code when}, {@code where}. */
	ACCOUNT_SUSPENDED("Su cuenta del IESS fue suspendida", false),
	/** {@code names}, {@code account}, {@code when}, {@code where}. */
	ACCOUNT_REACTIVATED("Su cuenta del IESS fue reactivada", true),
	/**
	 * {@code names}, {@code account}, {@code when}, {@code where}, {@code changedWhat} ("su correo
	 * electrónico"), {@code maskedEmail} (the new one), {@code toPrevious} (true to the previous address,
	 * false to the new one, null when it stayed).
	 */
	CONTACT_CHANGED("Se cambiaron sus datos de contacto del IESS", true),
	/**
	 * {@code names}, {@code account}, {@code when}, {@code where}, {@code maskedEmail}, {@code first} (true
	 * the first time, false when the same email and mobile were verified again): to the verified address.
	 */
	CONTACT_VERIFIED("Se verificaron sus datos de contacto en el IESS", true),
	/** {@code names}, {@code account}, {@code when}, {@code where}, {@code changedWhat} ("sus nombres"). */
	PERSON_UPDATED("Se actualizaron sus datos personales en el IESS", true),
	/** {@code names} (the legal name), {@code account}, {@code when}, {@code where}, {@code maskedEmail}. */
	EMPLOYER_REGISTERED("Se registró su empresa como empleador en el IESS", true),
	/**
	 * {@code names}, {@code account}, {@code when}, {@code where}, {@code changedWhat} ("la razón social"),
	 * {@code maskedEmail} (where the employer's mail goes now; absent when nowhere), {@code toPrevious} as
	 * for {@link #CONTACT_CHANGED}.
	 */
	EMPLOYER_UPDATED("Se actualizaron los datos de su empresa en el IESS", true),
	/** {@code names}, {@code account}, {@code when}, {@code where}: a finger that did not match. */
	FINGERPRINT_MISMATCH("Una huella presentada a su nombre no coincide", true),
	/** {@code names}, {@code account}, {@code when}, {@code where}: the enrolled finger forgotten. */
	FINGERPRINT_RESET("Se borró su huella dactilar registrada en el IESS", true),
	/**
	 * {@code names}, {@code account}, {@code when}, {@code where}, {@code changedWhat}, {@code maskedEmail}
	 * (the new one): to the address verified in person when a change is asked for online, before it is confirmed.
	 */
	CONTACT_CHANGE_REQUESTED("Se pidió cambiar sus datos de contacto del IESS", true),
	/** {@code names}, {@code account}, {@code when}, {@code where}, {@code passkeyName}: a passkey registered online. */
	PASSKEY_REGISTERED("Se registró una llave de acceso para su cuenta del IESS", true),
	/** {@code names}, {@code account}, {@code when}, {@code where}, {@code passkeyName}: a passkey removed. */
	PASSKEY_REMOVED("Se quitó una llave de acceso de su cuenta del IESS", true),
	/** {@code names}, {@code account}, {@code when}, {@code where}: "No fui yo" received, the account frozen. */
	FRAUD_REPORTED("Recibimos su aviso «No fui yo»: su cuenta del IESS está suspendida", false);

	private final String subject;
	private final boolean carriesLink;

	MailKind(String subject, boolean carriesLink) {
		this.subject = subject;
		this.carriesLink = carriesLink;
	}

	/** Spanish, like every email (PRODUCT.md §4.9). */
	public String subject() {
		return subject;
	}

	/**
	 * A message that carries a one-time link (every notice carries its "No fui yo"): once the mail server
	 * has taken it, its body is erased from the outbox, so the database does not keep a usable token in
	 * clear (SECURITY.md 9).
	 */
	boolean carriesLink() {
		return carriesLink;
	}

	String template() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}
}
