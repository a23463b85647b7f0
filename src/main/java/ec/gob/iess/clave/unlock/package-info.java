/**
 * Desbloqueo de clave: a BLOQUEADA account with verified contact gets a short-lived link by mail;
 * confirming it unlocks the account. The request always answers the same.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Desbloqueo de clave")
package ec.gob.iess.clave.unlock;
