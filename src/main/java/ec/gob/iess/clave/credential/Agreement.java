package ec.gob.iess.clave.credential;

/** The acuerdo de uso de clave in one version: what a person accepts before using their clave. */
public record Agreement(int version, String body) {
}
