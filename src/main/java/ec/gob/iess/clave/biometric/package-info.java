/**
 * Fingerprints taken at the counter: a template extracted by SourceAFIS from the scanner's image, sealed
 * with {@code clave.biometric.key} and kept per cédula, and a probe matched against it. Images are never
 * stored; templates never leave this module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Fingerprints")
package ec.gob.iess.clave.biometric;
