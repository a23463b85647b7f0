package ec.gob.iess.clave.counter;

/**
 * AGENTE serves people at the counter; SUPERVISOR does all an agent does and reactivates suspended
 * accounts and reviews the audit; ADMINISTRADOR manages staff accounts and reads the audit, and
 * (separation of duties) does not act on people's accounts.
 */
public enum StaffRole {
	AGENTE, SUPERVISOR, ADMINISTRADOR
}
