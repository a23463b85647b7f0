/**
 * Who is signed in: web sessions (Spring Session JDBC, shared by every node) and API bearer tokens
 * (stored hashed), both with the idle and absolute timeouts, and ending them all for an account.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Sessions and access tokens")
package ec.gob.iess.clave.session;
