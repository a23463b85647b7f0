package ec.gob.iess.clave.audit;

public enum Outcome {
	SUCCESS, FAILURE
}
