package ec.gob.iess.clave.identity;

/**
 * An employer: its RUC, legal name, legal representative and registered email.
 *
 * @param email {@code null} only for a stored address that today's rule refuses (old data): never mailed
 */
public record Employer(Ruc ruc, String legalName, Cedula representative, EmailAddress email) {
}
