/**
 * People arriving in bulk from the institution's registry: {@code java -jar clave.jar import --persons FILE.csv}
 * validates each row with identity's rules, reports the bad ones by line, and merges the good ones, set-based,
 * into the people and their accounts without a clave ({@code SIN_CLAVE}); a checkpoint committed with each chunk
 * makes a restart continue where the last run stopped (decisions 145–148).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Registry import")
package ec.gob.iess.clave.registry;
