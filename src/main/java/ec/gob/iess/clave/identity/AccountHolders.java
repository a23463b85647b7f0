package ec.gob.iess.clave.identity;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;

import org.springframework.stereotype.Service;

/**
 * Who holds an account (a cédula or a RUC) and where its mail goes. For an asegurado: the person and
 * the contact verified in person, or the email changed online once its cooling-off has passed. For an empleador: the legal representative, whose in-person
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
	private final ContactChanges changes;
	private final ContactSettings settings;
	private final Clock clock;

	AccountHolders(Persons persons, Employers employers, ContactChanges changes, ContactSettings settings, Clock clock) {
		this.persons = persons;
		this.employers = employers;
		this.changes = changes;
		this.settings = settings;
		this.clock = clock;
	}

	public Optional<Holder> find(String username) {
		if (username == null) {
			return Optional.empty();
		}
		if (Cedula.isValid(username)) {
			return persons.find(Cedula.parse(username)).map(person -> new Holder(username, person, mailTo(person),
					person.fullName()));
		}
		if (Ruc.isValid(username)) {
			return employers.find(Ruc.parse(username)).flatMap(employer -> persons.find(employer.representative())
				.map(representative -> new Holder(username, representative,
						representative.hasVerifiedContact() ? employer.email() : null, employer.legalName())));
		}
		return Optional.empty();
	}

	/**
	 * The contact verified in person; or, once it exists, the email changed online whose cooling-off has
	 * passed without a "No fui yo" (which deletes it). A person never verified in person has none.
	 */
	private EmailAddress mailTo(Person person) {
		if (!person.hasVerifiedContact()) {
			return null;
		}
		Optional<ContactChanges.ContactChange> change = changes.find(person.cedula());
		if (change.isPresent() && change.get().confirmed() && change.get().email() != null
				&& !clock.instant().isBefore(change.get().confirmedAt().plus(settings.coolingOff()))) {
			return change.get().email();
		}
		return person.contact().email();
	}
}
