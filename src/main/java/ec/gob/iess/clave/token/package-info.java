/**
 * The one-time links sent by mail (recovery, unlock, contact confirmation): random tokens stored only
 * as hashes, bound to one account and one purpose, single use, expiring, voided by a newer link or a clave change;
 * and the web pages such a link opens ({@code LinkPages}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "One-time links")
package ec.gob.iess.clave.token;
