package ec.gob.iess.clave.credential;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What we know about the person choosing a clave, so that it may not contain it. Everything is optional:
 * an empleador (RUC) has no birth date, and a counter flow may not know the names.
 *
 * @param username the cédula or RUC (digits), or null
 * @param names the person's names and surnames as registered (each may hold several words), never null
 * afterwards: null becomes an empty list and null elements are dropped
 * @param birthDate the birth date, or null
 */
record PasswordContext(String username, List<String> names, LocalDate birthDate) {

	public PasswordContext {
		names = names == null ? List.of() : names.stream().filter(Objects::nonNull).toList();
	}

	/** Nothing known about the person. */
	public static PasswordContext none() {
		return new PasswordContext(null, List.of(), null);
	}
}
