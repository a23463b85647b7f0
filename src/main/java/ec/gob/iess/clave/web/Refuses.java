package ec.gob.iess.clave.web;

import ec.gob.iess.clave.refusal.RefusalCode;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The refusals an API call answers of its own, for the published contract: each becomes a
 * problem+json response of its status ({@link RefusalStatus}) with the code as an example
 * ({@link OpenApiConfiguration}). What every call may answer (400 INVALID_REQUEST, 503 UNAVAILABLE)
 * and what a bearer token brings (401 UNAUTHENTICATED, 403 FORBIDDEN / PASSWORD_CHANGE_REQUIRED,
 * {@link ApiAccess}) is added by rule and need not be named here.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Refuses {

	RefusalCode[] value();
}
