/**
 * "No soy un robot": ALTCHA proof-of-work challenges signed with HMAC, harder for a source that keeps
 * trying, and for pages without JavaScript a signed ticket that waits; each accepted once across every
 * node; the browser widget that solves them.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Captcha")
package ec.gob.iess.clave.captcha;
