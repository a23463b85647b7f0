/**
 * Single sign-on: Clave as the OpenID Connect provider of the IESS services (Spring Authorization
 * Server on the database), with Ingresar as its login, pairwise subjects, signing keys sealed in the
 * database, the services registered as clients, and their sessions ended with the clave.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Single sign-on (OpenID Connect)")
package ec.gob.iess.clave.sso;
