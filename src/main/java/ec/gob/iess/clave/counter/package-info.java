/**
 * The back office of the Centros de Atención Universal: staff users with password and TOTP, and
 * what an agent or supervisor does for a person at the counter, each action audited with agent and centre.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Counter (back office)")
package ec.gob.iess.clave.counter;
