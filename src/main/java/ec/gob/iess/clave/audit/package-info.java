/**
 * The append-only, hash-chained audit log of every security event, its query for staff, and the
 * {@code audit verify} check of the chain.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit")
package ec.gob.iess.clave.audit;
