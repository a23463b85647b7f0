/**
 * Generar/recuperar clave: a person (or an employer's legal representative) proves identity with
 * data printed on the cédula, gets a one-time link at the contact verified in person, and sets a
 * new clave through it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Generar/recuperar clave")
package ec.gob.iess.clave.recovery;
