/**
 * The owner's own account (PRODUCT.md §4.7, §4.7a): Mi seguridad (the account's last 90 days, the place of
 * each address from a database shipped in the jar, the open sessions each closed alone); "No fui yo" — from
 * the link in a notice without logging in, or signed in — which freezes the account; and Actualizar datos,
 * the contact changed online, confirmed by a link to the new email and announced to the address verified
 * in person.
 */
@org.springframework.modulith.ApplicationModule(displayName = "The owner's own account")
package ec.gob.iess.clave.owner;
