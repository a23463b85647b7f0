/**
 * A small service of the institution as another team would write it, for people to try single sign-on with
 * Clave: a Spring Security OAuth2 client (OpenID Connect login with PKCE, RP-initiated logout, back-channel
 * logout) in a web server and an application context of its own. Outside {@code ec.gob.iess.clave} on
 * purpose: Clave's component scan and modules never see it; {@code ec.gob.iess.clave.demo.DemoServices}
 * starts it with the demo data (decision 116).
 */
package ec.gob.iess.demo.servicio;
