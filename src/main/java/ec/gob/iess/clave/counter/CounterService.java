package ec.gob.iess.clave.counter;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.biometric.FingerprintCheck;
import ec.gob.iess.clave.biometric.FingerprintImage;
import ec.gob.iess.clave.biometric.Fingerprints;
import ec.gob.iess.clave.biometric.Probe;
import ec.gob.iess.clave.credential.CredentialAdministration;
import ec.gob.iess.clave.credential.CredentialAdministration.TemporaryClave;
import ec.gob.iess.clave.credential.CredentialView;
import ec.gob.iess.clave.credential.Username;
import ec.gob.iess.clave.identity.AccountHolders;
import ec.gob.iess.clave.identity.Cedula;
import ec.gob.iess.clave.identity.EmailAddress;
import ec.gob.iess.clave.identity.IdentifierField;
import ec.gob.iess.clave.identity.Employer;
import ec.gob.iess.clave.identity.Employers;
import ec.gob.iess.clave.identity.FingerprintCode;
import ec.gob.iess.clave.identity.InvalidIdentifierException;
import ec.gob.iess.clave.identity.Person;
import ec.gob.iess.clave.identity.PersonFields;
import ec.gob.iess.clave.identity.PersonRole;
import ec.gob.iess.clave.identity.MobileNumbers;
import ec.gob.iess.clave.identity.Persons;
import ec.gob.iess.clave.identity.Ruc;
import ec.gob.iess.clave.identity.VerifiedContact;
import ec.gob.iess.clave.recovery.RecoveryService;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** What an agent does for a person at the counter. Every action is audited with agent and centre. */
@Service
class CounterService {

	record PersonData(String firstNames, String lastNames, LocalDate birthDate, String fingerprintCode,
			Set<PersonRole> roles) {
	}

	record PersonView(Person person, CredentialView account) {
	}

	private final Persons persons;
	private final Employers employers;
	private final AccountHolders holders;
	private final CredentialAdministration credentials;
	private final AuditLog audit;
	private final ApplicationEventPublisher events;
	private final Fingerprints fingerprints;
	private final RecoveryService recovery;
	private final TransactionTemplate transactions;
	private final Clock clock;

	CounterService(Persons persons, Employers employers, AccountHolders holders, CredentialAdministration credentials,
			AuditLog audit, ApplicationEventPublisher events, Fingerprints fingerprints, RecoveryService recovery,
			TransactionTemplate transactions, Clock clock) {
		this.events = events;
		this.fingerprints = fingerprints;
		this.recovery = recovery;
		this.transactions = transactions;
		this.persons = persons;
		this.employers = employers;
		this.holders = holders;
		this.credentials = credentials;
		this.audit = audit;
		this.clock = clock;
	}

	static Cedula cedula(String raw) {
		try {
			return Cedula.parse(raw);
		}
		catch (InvalidIdentifierException e) {
			throw new Refusal(RefusalCode.INVALID_CEDULA);
		}
	}

	/**
	 * Registers or updates a person; answers true when new. The verified contact is left as it was. An
	 * update audits PERSON_UPDATED with the names of the changed fields and notifies the person; one that
	 * changes nothing records nothing.
	 */
	@Transactional
	boolean register(Cedula cedula, PersonData data, Origin origin) {
		FingerprintCode code;
		try {
			code = FingerprintCode.parse(data.fingerprintCode());
		}
		catch (InvalidIdentifierException e) {
			throw new Refusal(RefusalCode.INVALID_REQUEST);
		}
		if (!PersonFields.validNames(data.firstNames()) || !PersonFields.validNames(data.lastNames())
				|| !PersonFields.validBirthDate(data.birthDate(), LocalDate.now(clock))
				|| data.roles() == null || data.roles().isEmpty()) {
			throw new Refusal(RefusalCode.INVALID_REQUEST);
		}
		Person wanted = new Person(cedula, data.firstNames().strip(), data.lastNames().strip(), data.birthDate(), code,
				data.roles(), null);
		Optional<Person> before = persons.lock(cedula);
		List<String> changed = before.map(existing -> changes(existing, wanted)).orElse(List.of());
		if (before.isPresent() && changed.isEmpty()) {
			credentials.ensureAccount(Username.of(cedula));
			return false;
		}
		boolean created = persons.save(wanted);
		credentials.ensureAccount(Username.of(cedula));
		if (created) {
			audit.record(AuditType.PERSON_REGISTERED, cedula.value(), Outcome.SUCCESS, origin, null);
		}
		else {
			audit.record(AuditType.PERSON_UPDATED, cedula.value(), Outcome.SUCCESS, origin, String.join(",", changed));
			events.publishEvent(new CounterEvents.PersonUpdated(cedula, changed, clock.instant(), origin));
		}
		return created;
	}

	/**
	 * Registers or updates an employer; its legal representative must already be registered (their
	 * in-person verification is what online recovery relies on). Answers true when new. Every call is
	 * audited; a registration, and an update that changes something, is told to the employer (decision 87).
	 */
	@Transactional
	boolean registerEmployer(Ruc ruc, String legalName, String representative, String email, Origin origin) {
		Cedula representativeCedula = cedula(representative);
		persons.find(representativeCedula).orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND));
		EmailAddress address = emailAddress(email);
		if (legalName == null || legalName.isBlank() || legalName.length() > 300) {
			throw new Refusal(RefusalCode.INVALID_REQUEST);
		}
		Employer wanted = new Employer(ruc, legalName.strip(), representativeCedula, address);
		Optional<Employer> before = employers.find(ruc);
		// Where the employer's mail went before this change: the address to tell that it changed.
		EmailAddress mailedBefore = holders.find(ruc.value()).map(AccountHolders.Holder::email).orElse(null);
		List<String> changed = before.map(existing -> changes(existing, wanted)).orElse(List.of());
		boolean created = employers.save(wanted);
		credentials.ensureAccount(Username.of(ruc));
		audit.record(created ? AuditType.EMPLOYER_REGISTERED : AuditType.EMPLOYER_UPDATED, ruc.value(), Outcome.SUCCESS,
				origin, changed.isEmpty() ? null : String.join(",", changed));
		if (created || !changed.isEmpty()) {
			events.publishEvent(new CounterEvents.EmployerChanged(ruc, created, changed, mailedBefore, clock.instant(),
					origin));
		}
		return created;
	}

	/** The fields of the employer that the update changes, by name. */
	static List<String> changes(Employer before, Employer after) {
		List<String> changed = new ArrayList<>();
		if (!before.legalName().equals(after.legalName())) {
			changed.add("legalName");
		}
		if (!before.representative().equals(after.representative())) {
			changed.add("representative");
		}
		if (!Objects.equals(before.email(), after.email())) {
			changed.add("email");
		}
		return changed;
	}

	String credentialStatus(Ruc ruc) {
		return credentials.find(Username.of(ruc)).map(account -> account.status().name()).orElse(null);
	}

	Employer employer(Ruc ruc) {
		return employers.find(ruc).orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND));
	}

	static Ruc ruc(String raw) {
		try {
			return Ruc.parse(raw);
		}
		catch (InvalidIdentifierException e) {
			throw new Refusal(RefusalCode.INVALID_RUC);
		}
	}

	PersonView view(Cedula cedula) {
		Person person = persons.find(cedula).orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND));
		CredentialView account = credentials.find(Username.of(cedula)).orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND));
		return new PersonView(person, account);
	}

	/** How a verification at the counter ended: a matching or newly enrolled finger and the contact recorded, or a mismatch. */
	sealed interface Verification {

		record Verified(FingerprintCheck fingerprint, VerifiedContact contact) implements Verification {
		}

		/** The finger is not the enrolled one: nothing changed; audited and notified. */
		record Mismatch() implements Verification {
		}
	}

	/**
	 * Records the email and mobile the person showed in person, in the same transaction as the finger that
	 * proves who they are: the first finger is enrolled, a later one must match it or nothing changes
	 * (audited FINGERPRINT_MISMATCH and notified to the person). The template is extracted before the
	 * transaction: it is the slow part, and needs no lock.
	 *
	 * @throws Refusal NOT_FOUND, INVALID_REQUEST (an address, a mobile, or a picture that is not a fingerprint)
	 */
	Verification verify(Cedula cedula, String email, String mobile, FingerprintImage image, Origin origin) {
		persons.find(cedula).orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND));
		EmailAddress address = emailAddress(email);
		String mobileNumber = MobileNumbers.normalize(mobile).orElseThrow(() -> new Refusal(RefusalCode.INVALID_REQUEST));
		Probe probe = fingerprints.probe(image);
		return transactions.execute(status -> {
			Person person = persons.lock(cedula).orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND));
			FingerprintCheck fingerprint = fingerprints.check(cedula, probe);
			if (fingerprint == FingerprintCheck.MISMATCHED) {
				audit.record(AuditType.FINGERPRINT_MISMATCH, cedula.value(), Outcome.FAILURE, origin, null);
				events.publishEvent(new CounterEvents.FingerprintMismatch(cedula, clock.instant(), origin));
				return new Verification.Mismatch();
			}
			if (fingerprint == FingerprintCheck.ENROLLED) {
				audit.record(AuditType.FINGERPRINT_ENROLLED, cedula.value(), Outcome.SUCCESS, origin, null);
			}
			return new Verification.Verified(fingerprint, recordContact(person, address, mobileNumber, origin));
		});
	}

	private VerifiedContact recordContact(Person person, EmailAddress address, String mobile, Origin origin) {
		Cedula cedula = person.cedula();
		VerifiedContact previous = person.contact();
		VerifiedContact verified = new VerifiedContact(address, mobile, clock.instant(), origin.center(), origin.agent());
		persons.verifyContact(cedula, verified);
		if (previous == null || !previous.differsFrom(verified)) {
			audit.record(AuditType.CONTACT_VERIFIED, cedula.value(), Outcome.SUCCESS, origin,
					previous == null ? "first verification" : "same email and mobile verified again");
			events.publishEvent(new CounterEvents.ContactVerified(cedula, verified.email(), previous == null,
					clock.instant(), origin));
			return verified;
		}
		boolean emailChanged = !Objects.equals(previous.email(), verified.email());
		boolean mobileChanged = !Objects.equals(previous.mobile(), verified.mobile());
		audit.record(AuditType.CONTACT_CHANGED, cedula.value(), Outcome.SUCCESS, origin,
				(emailChanged ? "email" : "") + (emailChanged && mobileChanged ? "," : "") + (mobileChanged ? "mobile" : ""));
		events.publishEvent(new CounterEvents.ContactChanged(cedula, previous.email(), verified.email(), emailChanged,
				mobileChanged, clock.instant(), origin));
		return verified;
	}

	/**
	 * A supervisor forgets the enrolled finger (a scar, a wrong enrolment), so that the next verification
	 * enrols again; audited with the reason and notified. Nothing enrolled: nothing is recorded.
	 *
	 * @throws Refusal NOT_FOUND, INVALID_REQUEST (no reason, or longer than 500 characters)
	 */
	@Transactional
	void resetFingerprint(Cedula cedula, String reason, Origin origin) {
		persons.lock(cedula).orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND));
		String why = reason(reason);
		if (fingerprints.reset(cedula)) {
			audit.record(AuditType.FINGERPRINT_RESET, cedula.value(), Outcome.SUCCESS, origin, why);
			events.publishEvent(new CounterEvents.FingerprintReset(cedula, clock.instant(), origin));
		}
	}

	boolean fingerprintEnrolled(Cedula cedula) {
		return fingerprints.enrolled(cedula);
	}

	/**
	 * The alternative to a temporary clave: the Generar/recuperar link, mailed to the person's verified
	 * address by the one way recovery sends it. Answers the masked address.
	 *
	 * @throws Refusal NOT_FOUND, INVALID_REQUEST without a verified email, FORBIDDEN for a suspended account,
	 *         RATE_LIMITED past the person's mail limit
	 */
	String sendRecoveryLink(Cedula cedula, Origin origin) {
		persons.find(cedula).orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND));
		return recovery.sendFromCounter(Username.of(cedula), origin);
	}

	/** One rule for every address that enters ({@link EmailAddress}); the reason tells the agent what to fix. */
	static EmailAddress emailAddress(String raw) {
		try {
			return EmailAddress.parse(raw);
		}
		catch (InvalidIdentifierException e) {
			throw new Refusal(RefusalCode.INVALID_REQUEST,
					List.of(e.field() == IdentifierField.EMAIL_NOT_ASCII ? "EMAIL_NOT_ASCII" : "EMAIL_INVALID"), null);
		}
	}

	/** The fields of {@code before} that {@code after} changes, by name: the audit and the notice say what, never the values. */
	static List<String> changes(Person before, Person after) {
		List<String> changed = new ArrayList<>();
		if (!before.firstNames().equals(after.firstNames())) {
			changed.add("firstNames");
		}
		if (!before.lastNames().equals(after.lastNames())) {
			changed.add("lastNames");
		}
		if (!before.birthDate().equals(after.birthDate())) {
			changed.add("birthDate");
		}
		if (!before.fingerprintCode().equals(after.fingerprintCode())) {
			changed.add("fingerprintCode");
		}
		if (!before.roles().equals(after.roles())) {
			changed.add("roles");
		}
		return changed;
	}

	TemporaryClave issueTemporary(Cedula cedula, Origin origin) {
		persons.find(cedula).orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND));
		return credentials.issueTemporary(Username.of(cedula), origin);
	}

	void unlock(Cedula cedula, Origin origin) {
		view(cedula);
		credentials.unlock(Username.of(cedula), origin);
	}

	void suspend(Cedula cedula, String reason, Origin origin) {
		view(cedula);
		credentials.suspend(Username.of(cedula), reason(reason), origin);
	}

	void reactivate(Cedula cedula, Origin origin) {
		view(cedula);
		credentials.reactivate(Username.of(cedula), origin);
	}

	/** Why a supervisor or agent acts: required, at most 500 characters. */
	private static String reason(String reason) {
		if (reason == null || reason.isBlank() || reason.length() > 500) {
			throw new Refusal(RefusalCode.INVALID_REQUEST);
		}
		return reason.strip();
	}
}
