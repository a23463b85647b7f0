package ec.gob.iess.clave.identity;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** An asegurado as registered by staff. {@code contact} is {@code null} until verified in person. */
public record Person(Cedula cedula, String firstNames, String lastNames, LocalDate birthDate,
		FingerprintCode fingerprintCode, Set<PersonRole> roles, VerifiedContact contact) {

	public Person {
		roles = Set.copyOf(roles);
	}

	public String fullName() {
		return firstNames + " " + lastNames;
	}

	/** The words of the names, for the clave blocklist ("María José Pérez" → María, José, Pérez). */
	public List<String> nameWords() {
		return List.of(fullName().trim().split("\\s+"));
	}

	public boolean hasVerifiedContact() {
		return contact != null;
	}
}
