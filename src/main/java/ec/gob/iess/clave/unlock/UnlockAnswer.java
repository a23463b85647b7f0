package ec.gob.iess.clave.unlock;

/**
 * The one answer to an unlock request, whatever the account (SECURITY.md 12): there is nothing to
 * switch over, on purpose.
 */
public record UnlockAnswer(long validMinutes) {
}
