/**
 * The one rate limiter: counters per (kind, target) in the database, so every node sees the same
 * counts; over the limit a call is refused with 429 and Retry-After.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Rate limits")
package ec.gob.iess.clave.ratelimit;
