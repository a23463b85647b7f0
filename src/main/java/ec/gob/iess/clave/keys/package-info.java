/**
 * Encryption keys that must not live in the database (TOTP secrets, fingerprint templates): one
 * mechanism to get a key from configuration or, on the embedded database only, from a file beside it,
 * and AES-GCM sealing of values bound to where they are stored.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Keys")
package ec.gob.iess.clave.keys;
