package ec.gob.iess.clave.identity;

/** An employer: its RUC, legal name, legal representative and registered email. */
public record Employer(Ruc ruc, String legalName, Cedula representative, String email) {
}
