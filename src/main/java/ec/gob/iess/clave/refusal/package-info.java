/**
 * The one refusal type every module raises: a stable code of API.md, without HTTP. The web module
 * turns it into a status, problem+json or a Spanish page.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Refusals", type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package ec.gob.iess.clave.refusal;
