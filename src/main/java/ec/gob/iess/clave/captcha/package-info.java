/**
 * "No soy un robot": ALTCHA proof-of-work challenges signed with HMAC, each solution accepted once
 * across every node, and the browser widget that solves them.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Captcha")
package ec.gob.iess.clave.captcha;
