package ec.gob.iess.clave.identity;

/** What a person is to the IESS; the services menu is chosen by these. */
public enum PersonRole {
	AFILIADO, PENSIONISTA, BENEFICIARIO
}
