/**
 * The owner's own account (PRODUCT.md §4.7, §4.7a): "No fui yo" — from the link in a notice without
 * logging in, or signed in — which freezes the account; and Actualizar datos, the contact changed online,
 * confirmed by a link to the new email and announced to the address verified in person.
 */
@org.springframework.modulith.ApplicationModule(displayName = "The owner's own account")
package ec.gob.iess.clave.owner;
