/**
 * The clave itself: accounts and their credential states, the clave policy and Argon2id hashing,
 * login with lockout, Cambio de clave with the acuerdo de uso, and temporary claves from the counter.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Credential")
package ec.gob.iess.clave.credential;
