/**
 * Who people are: the cédula, RUC and código dactilar rules of Ecuador, and the people registered
 * at the counters with their roles and their contact verified in person.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
package ec.gob.iess.clave.identity;
