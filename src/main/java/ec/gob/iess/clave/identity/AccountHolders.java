package ec.gob.iess.clave.identity;

import java.time.LocalDate;
import java.util.Optional;

import org.springframework.stereotype.Service;

/**
 * Who holds an account (a cédula or a RUC) and where its mail goes. For an asegurado: the person and
 * the contact verified in person. For an empleador: the legal representative, whose in-person
 * verification counts, and the employer's registered email (PRODUCT.md §3).
 */
@Service
public class AccountHolders {

	/**
	 * @param person the asegurado, or the employer's legal representative
	 * @param email where mail goes; {@code null} when there is no verified contact
	 * @param names how the mail greets the holder
	 */
	public record Holder(String username, Person person, EmailAddress email, String names) {

		public boolean hasVerifiedContact() {
			return email != null;
		}

		/** Both printed on the cédula: a classification, never the only proof (the link goes to verified mail). */
		public boolean confirms(LocalDate birthDate, String fingerprintCode) {
			return birthDate != null && birthDate.equals(person.birthDate()) && fingerprintCode != null
					&& person.fingerprintCode().matches(fingerprintCode);
		}

		/** "j***z@g***.com"; only for a holder with a verified contact. */
		public String maskedEmail() {
			return email.masked();
		}
	}

	private final Persons persons;
	private final Employers employers;

	AccountHolders(Persons persons, Employers employers) {
		this.persons = persons;
		this.employers = employers;
	}

	public Optional<Holder> find(String username) {
		if (username == null) {
			return Optional.empty();
		}
		if (Cedula.isValid(username)) {
			return persons.find(Cedula.parse(username)).map(person -> new Holder(username, person,
					person.hasVerifiedContact() ? person.contact().email() : null, person.fullName()));
		}
		if (Ruc.isValid(username)) {
			return employers.find(Ruc.parse(username)).flatMap(employer -> persons.find(employer.representative())
				.map(representative -> new Holder(username, representative,
						representative.hasVerifiedContact() ? employer.email() : null, employer.legalName())));
		}
		return Optional.empty();
	}
}
