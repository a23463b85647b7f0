package ec.gob.iess.clave.credential;

/** An asegurado logs in with a cédula, an empleador with a RUC. */
public enum AccountKind {
	ASEGURADO, EMPLEADOR
}
