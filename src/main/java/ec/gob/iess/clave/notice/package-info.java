/**
 * The notices of PRODUCT.md §4.9: on every change to a clave (locked, unlocked, changed, temporary
 * clave issued, suspended, reactivated) the person is emailed what happened, when, where, and how to
 * report fraud, at the contact verified in person, queued in the transaction of the change.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notices")
package ec.gob.iess.clave.notice;
