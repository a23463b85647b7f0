package ec.gob.iess.clave.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ec.gob.iess.clave.credential.CredentialAdministration;
import ec.gob.iess.clave.credential.CredentialStatus;
import ec.gob.iess.clave.credential.Username;
import ec.gob.iess.clave.identity.Cedula;
import ec.gob.iess.clave.identity.Person;
import ec.gob.iess.clave.identity.PersonRole;
import ec.gob.iess.clave.identity.Persons;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code import --persons} through the class the command runs ({@link PersonImport}), on the test database (H2 and
 * PostgreSQL): good rows become people without a clave, bad rows are reported by line and skipped, a second run
 * adds nothing and touches no account, an interrupted run continues from its checkpoint, and the benchmark's
 * generator makes files that import without a bad row.
 */
@ClaveIntegrationTest
class PersonImportIntegrationTest {

	static final String HEADER = "cedula,firstNames,lastNames,birthDate,fingerprintCode,roles,email,mobile";
	static final ImportProgress QUIET = status -> {
	};

	@LocalServerPort
	int port;

	@Autowired
	PersonImport personImport;

	@Autowired
	Persons persons;

	@Autowired
	CredentialAdministration credentials;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path directory;

	TestFixtures api;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
	}

	@Test
	void goodRowsBecomePeopleWithoutAClaveAndBadRowsAreReportedByLineAndSkipped() throws IOException {
		String plain = TestCedulas.next();
		String withContact = TestCedulas.next();
		String verified = TestCedulas.next();
		String quoted = TestCedulas.next();
		String tomorrow = LocalDate.now().plusDays(2).toString();
		Path file = write(HEADER + ",contactVerifiedAt,contactCenter",
				plain + ",Rosa Elena,Quishpe Tipán,1958-04-21,V4343V4242,AFILIADO,,,,", // line 2
				withContact + ",José,Pérez,1970-01-31,e1234i4321,pensionista;beneficiario,Jose.Perez@Example.EC,099 123 4567,,",
				"1714307104,Ana,Ortiz,1980-02-02,V4343V4242,AFILIADO,,,,", // 4: check digit
				TestCedulas.next() + ",Ana,Ortiz,1980-02-02,X4343V4242,AFILIADO,,,,", // 5: código dactilar
				TestCedulas.next() + ",Ana,Ortiz," + tomorrow + ",V4343V4242,AFILIADO,,,,", // 6: born in the future
				TestCedulas.next() + ",Ana,Ortiz,1980-02-02,V4343V4242,JUBILADO,,,,", // 7: role
				TestCedulas.next() + ",Ana,Ortiz,1980-02-02,V4343V4242,AFILIADO,ana@@example.ec,,,", // 8: email
				TestCedulas.next() + ",Ana,Ortiz,1980-02-02,V4343V4242,AFILIADO,,0812345678,,", // 9: mobile
				TestCedulas.next() + ",\"Ana,Ortiz,1980-02-02,V4343V4242,AFILIADO,,,,", // 10: quote not closed
				TestCedulas.next() + ",Ana,Ortiz,1980-02-02,V4343V4242,AFILIADO,,", // 11: columns missing
				"", // 12: a blank line is no row
				verified + ",Luz,Andrade,1990-05-05,I2222I3333,AFILIADO,luz@example.ec,0987654321,2024-03-15,CAU Cuenca",
				quoted + ",\"María José\",\"O'Brien de la Cruz\",1944-12-24,A1111A1111,BENEFICIARIO,,,,", // 14
				TestCedulas.next() + ",1234,Ortiz,1980-02-02,V4343V4242,AFILIADO,,,,"); // 15: names
		Path report = directory.resolve("informe.csv");

		ImportStatus status = personImport.run(file, report, QUIET, 3);

		assertThat(status.rowsRead()).isEqualTo(13);
		assertThat(status.imported()).isEqualTo(4);
		assertThat(status.existing()).isZero();
		assertThat(status.rejected()).isEqualTo(9);
		assertThat(Files.readAllLines(report)).containsExactly("linea,columna,motivo",
				"4,cedula,\"El número de cédula no es válido\"",
				"5,fingerprintCode,\"El código dactilar no es válido\"",
				"6,birthDate,\"La fecha de nacimiento no es válida (AAAA-MM-DD, desde 1900, no futura)\"",
				"7,roles,\"Los roles no son válidos (AFILIADO, PENSIONISTA o BENEFICIARIO, separados por punto y coma)\"",
				"8,email,\"El correo electrónico no es válido\"", "9,mobile,\"El número de celular no es válido\"",
				"10,,\"Comillas sin cerrar en la línea\"", "11,,\"La línea no tiene las mismas columnas que la cabecera\"",
				"15,firstNames,\"Los nombres no son válidos\"");

		Person rosa = persons.find(Cedula.parse(plain)).orElseThrow();
		assertThat(rosa.fullName()).isEqualTo("Rosa Elena Quishpe Tipán");
		assertThat(rosa.roles()).containsExactly(PersonRole.AFILIADO);
		assertThat(rosa.hasVerifiedContact()).isFalse();
		assertThat(persons.find(Cedula.parse(quoted)).orElseThrow().lastNames()).isEqualTo("O'Brien de la Cruz");
		for (String cedula : List.of(plain, withContact, verified, quoted)) {
			assertThat(credentials.find(Username.of(Cedula.parse(cedula))).orElseThrow().status())
				.isEqualTo(CredentialStatus.SIN_CLAVE);
		}

		// Contact from the registry is kept apart: not the verified contact recovery and unlock send links to.
		Person jose = persons.find(Cedula.parse(withContact)).orElseThrow();
		assertThat(jose.hasVerifiedContact()).isFalse();
		assertThat(jose.roles()).containsExactlyInAnyOrder(PersonRole.PENSIONISTA, PersonRole.BENEFICIARIO);
		assertThat(jose.fingerprintCode().value()).isEqualTo("E1234I4321");
		Map<String, Object> registry = jdbc.sql("select registry_email, registry_mobile, registry_imported_at, contact_email "
				+ "from persons where cedula = ?").param(withContact).query().singleRow();
		assertThat(registry.values()).element(0).isEqualTo("jose.perez@example.ec");
		assertThat(registry.values()).element(1).isEqualTo("+593991234567");
		assertThat(registry.values()).element(2).isNotNull();
		assertThat(registry.values()).element(3).isNull();

		// ...unless the row says where and when it was verified in person.
		Person luz = persons.find(Cedula.parse(verified)).orElseThrow();
		assertThat(luz.hasVerifiedContact()).isTrue();
		assertThat(luz.contact().email().value()).isEqualTo("luz@example.ec");
		assertThat(luz.contact().mobile()).isEqualTo("+593987654321");
		assertThat(luz.contact().center()).isEqualTo("CAU Cuenca");
		assertThat(luz.contact().agent()).isEqualTo(PersonImport.AGENT);
		assertThat(luz.contact().verifiedAt().toString()).isEqualTo("2024-03-15T05:00:00Z");

		String detail = jdbc.sql("select detail from audit_events where type = 'PERSONS_IMPORTED' and detail like ?")
			.param("%" + file.getFileName() + "%").query(String.class).single();
		assertThat(detail).contains("13 rows, 4 imported, 0 already registered, 9 rejected");
	}

	@Test
	void aSecondRunAddsNothingAndLeavesPeopleAndTheirClavesAsTheyWere() throws IOException {
		String agent = api.agent();
		String active = api.activePerson(agent); // registered at the counter as Rosa Elena Quishpe Tipán, ACTIVA
		String hashBefore = passwordHash(active);
		List<String> rows = new ArrayList<>();
		rows.add(active + ",Otro,Nombre,2001-01-01,A1111A1111,PENSIONISTA,otro@example.ec,0991111111");
		for (int i = 0; i < 5; i++) {
			rows.add(TestCedulas.next() + ",Carmen,Loor,1961-06-0" + (i + 1) + ",V2222V2222,AFILIADO,,");
		}
		rows.add(rows.get(1)); // the same person twice in one file
		Path file = write(HEADER, rows.toArray(String[]::new));
		Path report = directory.resolve("informe.csv");

		ImportStatus first = personImport.run(file, report, QUIET, 4);
		ImportStatus second = personImport.run(file, report, QUIET, 4);

		assertThat(first.imported()).isEqualTo(5);
		assertThat(first.existing()).isEqualTo(2);
		assertThat(second.imported()).isZero();
		assertThat(second.existing()).isEqualTo(7);
		assertThat(second.resumedAtLine()).isZero();
		List<String> cedulas = rows.stream().map(row -> row.substring(0, 10)).distinct().toList();
		assertThat(count("persons", cedulas)).isEqualTo(6);
		assertThat(count("accounts", cedulas)).isEqualTo(6);

		Person existing = persons.find(Cedula.parse(active)).orElseThrow();
		assertThat(existing.fullName()).isEqualTo("Rosa Elena Quishpe Tipán");
		assertThat(existing.roles()).containsExactly(PersonRole.AFILIADO);
		assertThat(jdbc.sql("select count(*) from persons where cedula = ? and registry_email is null").param(active)
			.query(Integer.class).single()).isEqualTo(1);
		assertThat(passwordHash(active)).isEqualTo(hashBefore);
		assertThat(api.status(agent, active)).isEqualTo("ACTIVA");
		assertThat(api.login(active, TestFixtures.GOOD_CLAVE).statusCode()).isEqualTo(200);
	}

	@Test
	void anInterruptedImportContinuesFromItsCheckpointWithoutDuplicates() throws IOException {
		List<String> rows = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			rows.add(i == 1 || i == 7 ? "0000000000,Mal,Dato,1980-01-01,V1111V1111,AFILIADO,,"
					: TestCedulas.next() + ",Pedro,Vera,1975-03-1" + i + ",V3333V3333,AFILIADO,,");
		}
		Path file = write(HEADER, rows.toArray(String[]::new));
		Path report = directory.resolve("informe.csv");
		RuntimeException crash = new RuntimeException("corte de luz simulado");

		assertThatThrownBy(() -> personImport.run(file, report, status -> {
			throw crash;
		}, 3)).isSameAs(crash);
		List<String> cedulas = rows.stream().map(row -> row.substring(0, 10)).filter(c -> !c.startsWith("0000")).toList();
		assertThat(count("persons", cedulas)).isEqualTo(2); // the first chunk, lines 2–4, one of them bad
		// A crashed run may have written report lines for a chunk it never committed: the restart drops them.
		Files.writeString(report, "8,cedula,\"de un bloque que no llegó a confirmarse\"\n", StandardOpenOption.APPEND);

		ImportStatus resumed = personImport.run(file, report, QUIET, 3);

		assertThat(resumed.resumedAtLine()).isEqualTo(5);
		assertThat(resumed.rowsThisRun()).isEqualTo(7);
		assertThat(resumed.rowsRead()).isEqualTo(10);
		assertThat(resumed.imported()).isEqualTo(8);
		assertThat(resumed.rejected()).isEqualTo(2);
		assertThat(count("persons", cedulas)).isEqualTo(8);
		assertThat(count("accounts", cedulas)).isEqualTo(8);
		assertThat(Files.readAllLines(report)).containsExactly("linea,columna,motivo",
				"3,cedula,\"El número de cédula no es válido\"", "9,cedula,\"El número de cédula no es válido\"");
		assertThat(jdbc.sql("select count(*) from audit_events where type = 'PERSONS_IMPORTED' and detail like ?")
			.param("%" + file.getFileName() + "%").query(Integer.class).single()).isEqualTo(1);
	}

	@Test
	void theBenchmarkGeneratorsPeopleImportWithoutABadRow() throws Exception {
		Path file = directory.resolve("sinteticas.csv");
		Path again = directory.resolve("otra-vez.csv");
		generate(file, 400, 11);
		generate(again, 400, 11);
		assertThat(Files.mismatch(file, again)).as("the same seed makes the same file").isEqualTo(-1);

		ImportStatus status = personImport.run(file, directory.resolve("informe.csv"), QUIET, 150);

		assertThat(status.rowsRead()).isEqualTo(400);
		assertThat(status.rejected()).isZero();
		// A generated cédula may, rarely, be one another test registered at random: then it is "already registered".
		assertThat(status.imported() + status.existing()).isEqualTo(400);
		List<String> cedulas = Files.readAllLines(file).stream().skip(1).map(line -> line.substring(0, 10)).toList();
		assertThat(cedulas).doesNotHaveDuplicates();
		assertThat(count("persons", cedulas)).isEqualTo(400);
		assertThat(jdbc.sql("select count(*) from persons where contact_verified_at is not null and cedula in ("
				+ String.join(",", cedulas.stream().map(c -> "'" + c + "'").toList()) + ")").query(Integer.class).single())
			.isPositive();
	}

	private static void generate(Path out, int rows, int seed) throws Exception {
		Process process = new ProcessBuilder("python3", "bench/persons.py", Integer.toString(rows), "--seed",
				Integer.toString(seed), "--verified-every", "3", "--out", out.toString()).redirectErrorStream(true).start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
			.isZero();
	}

	private String passwordHash(String cedula) {
		return jdbc.sql("select password_hash from accounts where username = ?").param(cedula).query(String.class).single();
	}

	private int count(String table, List<String> cedulas) {
		String key = "persons".equals(table) ? "cedula" : "username";
		return jdbc.sql("select count(*) from " + table + " where " + key + " in ("
				+ String.join(",", cedulas.stream().map(c -> "'" + c + "'").toList()) + ")").query(Integer.class).single();
	}

	private Path write(String header, String... lines) throws IOException {
		Path file = Files.createTempFile(directory, "personas", ".csv");
		Files.writeString(file, header + "\n" + String.join("\n", lines) + "\n");
		return file;
	}
}
