/**
 * Keys that must not live in the database (sealing TOTP secrets, fingerprint templates, the signing keys;
 * keying the per-clave rate-limit counter): one mechanism to get a key from configuration or, on the
 * embedded database only, from a file beside it, and AES-GCM sealing of values bound to where they are
 * stored.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Keys")
package ec.gob.iess.clave.keys;
