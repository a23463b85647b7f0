/**
 * The pages people see around the clave: the entry page "Trámites virtuales" and the services
 * menu chosen by role from the service catalogue.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Portal")
package ec.gob.iess.clave.portal;
