package ec.gob.iess.clave.demo;

import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import ec.gob.iess.clave.audit.Channel;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.counter.StaffAdministration;
import ec.gob.iess.clave.counter.StaffRole;
import ec.gob.iess.clave.credential.CredentialAdministration;
import ec.gob.iess.clave.credential.CredentialStatus;
import ec.gob.iess.clave.credential.LoginService;
import ec.gob.iess.clave.credential.PasswordChangeService;
import ec.gob.iess.clave.credential.Username;
import ec.gob.iess.clave.identity.Cedula;
import ec.gob.iess.clave.identity.EmailAddress;
import ec.gob.iess.clave.identity.Employer;
import ec.gob.iess.clave.identity.Employers;
import ec.gob.iess.clave.identity.FingerprintCode;
import ec.gob.iess.clave.identity.Person;
import ec.gob.iess.clave.identity.PersonRole;
import ec.gob.iess.clave.identity.Persons;
import ec.gob.iess.clave.identity.Ruc;
import ec.gob.iess.clave.identity.VerifiedContact;

import ec.gob.iess.clave.sso.ClientRegistrations;
import ec.gob.iess.demo.servicio.DemoServiceSettings;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Loads the demo people (one in each credential state), an employer and staff through the same services the
 * counters and people use, and prints them at start-up. On with the embedded database unless
 * {@code clave.demo-data=false}; off otherwise unless {@code clave.demo-data=true}.
 */
@Component
@Order(2)
class DemoData implements ApplicationRunner {

	static final String ACTIVE_CLAVE = "girasol montaña lluvia 42";
	static final String EMPLOYER_RUC = "1790011674001";
	static final String EMPLOYER_CLAVE = "cacao fino de aroma para exportar";
	static final String ADMIN_TOTP = "JBSWY3DPEHPK3PXP";
	static final String AGENT_TOTP = "KRSXG5CTMVRXEZLU";
	static final String SUPERVISOR_TOTP = "ONSWG4TFOQYTEMZU";
	/** The demo services of single sign-on (DemoServices): Spring Security OAuth2 clients on this machine. */
	static final DemoClient HISTORIA = new DemoClient("historia-laboral-demo", "Historia laboral (demostración)",
			"secreto-de-demostracion-historia-laboral", 8090, "historia-laboral", "DEMO_HISTORIA_LABORAL");
	static final DemoClient PRESTAMOS = new DemoClient("prestamos-demo", "Préstamos (demostración)",
			"secreto-de-demostracion-de-prestamos-iess", 8092, "prestamo-quirografario", "DEMO_PRESTAMOS");

	/** A demo service: its client, its port on localhost, and the menu entry that launches it. */
	record DemoClient(String clientId, String title, String secret, int port, String menuEntry, String cookieName) {

		String address() {
			return "http://localhost:" + port;
		}
	}

	private final Environment environment;
	private final Persons persons;
	private final Employers employers;
	private final CredentialAdministration credentials;
	private final PasswordChangeService passwordChange;
	private final LoginService login;
	private final StaffAdministration staff;
	private final ClientRegistrations services;
	private final Clock clock;

	DemoData(Environment environment, Persons persons, Employers employers, CredentialAdministration credentials,
			PasswordChangeService passwordChange, LoginService login, StaffAdministration staff,
			ClientRegistrations services, Clock clock) {
		this.environment = environment;
		this.persons = persons;
		this.employers = employers;
		this.credentials = credentials;
		this.passwordChange = passwordChange;
		this.login = login;
		this.staff = staff;
		this.services = services;
		this.clock = clock;
	}

	boolean enabled() {
		Boolean configured = environment.getProperty("clave.demo-data", Boolean.class);
		if (configured != null) {
			return configured;
		}
		return environment.getProperty("spring.datasource.url", "").startsWith("jdbc:h2:");
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!enabled()) {
			return;
		}
		Origin demo = Origin.staff("demo", "Matriz", Channel.COUNTER, null);
		if (!staff.anyAdministrator()) {
			staff.create("admin", "faro del puerto viejo 1907", Set.of(StaffRole.ADMINISTRADOR), "Matriz", ADMIN_TOTP,
					demo);
			staff.create("agente", "ventanilla quito norte uno", Set.of(StaffRole.AGENTE), "CAU Quito Norte", AGENT_TOTP,
					demo);
			staff.create("supervisor", "mesa de revisión número tres", Set.of(StaffRole.SUPERVISOR), "CAU Quito Norte",
					SUPERVISOR_TOTP, demo);
		}
		// Their secrets are published above: they count as enrolled, so /centro asks them for a code at once.
		for (String known : new String[] { "admin", "agente", "supervisor" }) {
			staff.markTotpEnrolled(known);
		}
		person(demo, "1710034065", "María Fernanda", "Guerrero Salazar", LocalDate.of(1961, 3, 14), "V4343V4242",
				EnumSet.of(PersonRole.PENSIONISTA), "maria.guerrero@example.ec", CredentialStatus.ACTIVA);
		String temporary = person(demo, "0926687856", "José Luis", "Cedeño Macías", LocalDate.of(1985, 7, 2), "E2333I1222",
				EnumSet.of(PersonRole.AFILIADO), "jose.cedeno@example.ec", CredentialStatus.TEMPORAL);
		person(demo, "1703456788", "Rosa Elena", "Quishpe Tipán", LocalDate.of(1955, 11, 30), "I2222V3333",
				EnumSet.of(PersonRole.PENSIONISTA), "rosa.quishpe@example.ec", CredentialStatus.BLOQUEADA);
		person(demo, "0912345675", "Carlos Andrés", "Mendoza Vera", LocalDate.of(1990, 1, 21), "A1111E2222",
				EnumSet.of(PersonRole.AFILIADO), null, CredentialStatus.SUSPENDIDA);
		person(demo, "0104567896", "Ana Lucía", "Ortiz Paredes", LocalDate.of(2001, 5, 9), "V1234V4321",
				EnumSet.of(PersonRole.BENEFICIARIO), "ana.ortiz@example.ec", CredentialStatus.SIN_CLAVE);
		employer(demo);
		for (DemoClient client : List.of(HISTORIA, PRESTAMOS)) {
			services.register(new ClientRegistrations.Registration(client.clientId(), client.title(),
					List.of(client.address() + DemoServiceSettings.CALLBACK), List.of(client.address() + "/"),
					client.address() + DemoServiceSettings.BACK_CHANNEL_LOGOUT, List.of("openid", "profile", "email", "roles"),
					List.of("AFILIADO", "PENSIONISTA"), client.secret()));
			services.launchFromMenu(client.clientId(), client.menuEntry(), client.address() + DemoServiceSettings.START, demo);
		}
		print(temporary);
	}

	/** An employer whose legal representative is María (verified contact), with an ACTIVA clave. */
	private void employer(Origin demo) {
		Ruc ruc = Ruc.parse(EMPLOYER_RUC);
		if (employers.find(ruc).isPresent()) {
			return;
		}
		employers.save(new Employer(ruc, "Comercial Andina del Pichincha S.A.", Cedula.parse("1710034065"),
				EmailAddress.parse("contabilidad@comercialandina.example.ec")));
		Username account = Username.of(ruc);
		credentials.ensureAccount(account);
		String temporary = credentials.issueTemporary(account, demo).clave();
		passwordChange.change(new PasswordChangeService.Change(EMPLOYER_RUC, temporary, EMPLOYER_CLAVE, true, null, null),
				demo);
	}

	/** Creates the person in the wanted state once; answers the temporary clave when it issued one. */
	private String person(Origin demo, String cedula, String firstNames, String lastNames, LocalDate birthDate,
			String fingerprint, Set<PersonRole> roles, String email, CredentialStatus wanted) {
		Cedula id = Cedula.parse(cedula);
		Username account = Username.of(id);
		if (persons.find(id).isPresent()) {
			return wanted == CredentialStatus.TEMPORAL
					&& credentials.find(account).map(a -> a.status() == CredentialStatus.TEMPORAL).orElse(false)
							? credentials.issueTemporary(account, demo).clave() : null;
		}
		persons.save(new Person(id, firstNames, lastNames, birthDate, FingerprintCode.parse(fingerprint), roles, null));
		credentials.ensureAccount(account);
		if (email != null) {
			persons.verifyContact(id, new VerifiedContact(EmailAddress.parse(email), "+593991234567", clock.instant(), "CAU Quito Norte", "agente"));
		}
		if (wanted == CredentialStatus.SIN_CLAVE) {
			return null;
		}
		String temporary = credentials.issueTemporary(account, demo).clave();
		if (wanted == CredentialStatus.TEMPORAL) {
			return temporary;
		}
		passwordChange.change(new PasswordChangeService.Change(cedula, temporary, ACTIVE_CLAVE, true, null, null), demo);
		if (wanted == CredentialStatus.BLOQUEADA) {
			while (credentials.find(account).orElseThrow().status() != CredentialStatus.BLOQUEADA) {
				login.login(cedula, "una clave equivocada de demostración " + cedula, null, demo);
			}
		}
		if (wanted == CredentialStatus.SUSPENDIDA) {
			credentials.suspend(account, "Demostración: sospecha de fraude reportada", demo);
		}
		return null;
	}

	private static void print(String temporary) {
		System.out.println("""

				  Clave: datos de demostración (solo con la base embebida)
				  ---------------------------------------------------------
				  1710034065  María Fernanda Guerrero Salazar  ACTIVA      clave: %s
				  0926687856  José Luis Cedeño Macías          TEMPORAL    clave temporal: %s
				  1703456788  Rosa Elena Quishpe Tipán         BLOQUEADA
				  0912345675  Carlos Andrés Mendoza Vera       SUSPENDIDA
				  0104567896  Ana Lucía Ortiz Paredes          SIN_CLAVE
				  Empleador (Empleadores, RUC): 1790011674001  Comercial Andina del Pichincha S.A.  ACTIVA
				    clave: %s   representante legal: María Fernanda Guerrero Salazar (1710034065)
				  Personal (API /api/v1/staff): admin, agente, supervisor; código TOTP con
				  java -jar target/clave.jar totp %s   (agente: %s, supervisor: %s)
				  Servicios de demostración (OpenID Connect, ingreso único con la clave):
				    %s  %s/   client_id %s, secreto «%s»
				    %s  %s/   client_id %s, secreto «%s»
				""".formatted(ACTIVE_CLAVE, temporary == null ? "(ver registro anterior)" : temporary, EMPLOYER_CLAVE, ADMIN_TOTP, AGENT_TOTP,
				SUPERVISOR_TOTP, HISTORIA.title(), HISTORIA.address(), HISTORIA.clientId(), HISTORIA.secret(), PRESTAMOS.title(),
				PRESTAMOS.address(), PRESTAMOS.clientId(), PRESTAMOS.secret()));
	}
}
