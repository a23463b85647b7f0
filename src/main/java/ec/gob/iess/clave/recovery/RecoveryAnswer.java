package ec.gob.iess.clave.recovery;

/** How a recovery request ends: a link sent to the masked address, or one answer for everything else. */
public sealed interface RecoveryAnswer {

	record Sent(String maskedEmail, long validMinutes) implements RecoveryAnswer {
	}

	/** Unknown, wrong data, no verified contact, suspended: callers cannot tell which. */
	record NotConfirmed() implements RecoveryAnswer {
	}
}
