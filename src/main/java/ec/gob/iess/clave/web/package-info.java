/**
 * What every page and call shares: the security filter chains and headers, the problem+json error
 * codes, error pages, and the request's origin (source address, channel) for audit and limits.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web foundation")
package ec.gob.iess.clave.web;
