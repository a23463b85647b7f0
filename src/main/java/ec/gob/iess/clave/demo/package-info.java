/**
 * Demo people and staff for the embedded default, so a fresh {@code ./mvnw spring-boot:run} can be
 * walked through at once. Never on by default with PostgreSQL.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demo data")
package ec.gob.iess.clave.demo;
