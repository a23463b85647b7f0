package ec.gob.iess.clave.identity;

/** Who a RUC belongs to, read from its third digit: 0–5 a person, 9 a private company, 6 a public entity. */
public enum RucType {
	NATURAL, PRIVADA, PUBLICA
}
