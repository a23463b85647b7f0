/**
 * Device cookies (OWASP): a signed token per account for each browser or app that logged in, with its
 * own failure count and lock, so that strangers' failures cannot lock the owner's own devices out.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Devices")
package ec.gob.iess.clave.device;
