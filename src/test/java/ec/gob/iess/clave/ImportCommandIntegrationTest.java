package ec.gob.iess.clave;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ec.gob.iess.clave.AuditVerifyCommandIntegrationTest.Run;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.TestCedulas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar clave.jar import --persons FILE.csv} (API.md "Command line") as the jar runs it: its own non-web
 * context on this test's database, the report beside the file unless told, exit 0 with bad rows reported, exit 3
 * when the file cannot be read, its header is wrong or the database cannot be reached.
 */
@ClaveIntegrationTest
class ImportCommandIntegrationTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Environment environment;

	@TempDir
	Path directory;

	@BeforeEach
	void pointTheCommandAtThisDatabase() {
		for (String property : AuditVerifyCommandIntegrationTest.DATASOURCE) {
			if (environment.containsProperty(property)) {
				System.setProperty(property, environment.getRequiredProperty(property));
			}
		}
	}

	@AfterEach
	void clearDatasource() {
		AuditVerifyCommandIntegrationTest.DATASOURCE.forEach(System::clearProperty);
	}

	@Test
	void importsTheGoodRowsReportsTheBadOnesBesideTheFileAndExitsZero() throws IOException {
		String first = TestCedulas.next();
		String second = TestCedulas.next();
		Path file = directory.resolve("registro.csv");
		Files.writeString(file, """
				cedula,firstNames,lastNames,birthDate,fingerprintCode,roles,email,mobile
				%s,Rosa Elena,Quishpe Tipán,1958-04-21,V4343V4242,AFILIADO,rosa@example.ec,0991234567
				1714307104,Ana,Ortiz,1980-02-02,V4343V4242,AFILIADO,,
				%s,Luis,Vera,1949-11-02,A1111A1111,PENSIONISTA,,
				""".formatted(first, second));

		Run run = command("import", "--persons", file.toString());

		assertThat(run.exit()).as(run.output()).isZero();
		assertThat(run.output()).contains("3 filas leídas, 2 personas nuevas, 0 ya registradas, 1 filas rechazadas")
			.contains(directory.resolve("registro.rechazos.csv").toString());
		assertThat(Files.readAllLines(directory.resolve("registro.rechazos.csv"))).containsExactly("linea,columna,motivo",
				"3,cedula,\"El número de cédula no es válido\"");
		assertThat(jdbc.sql("select count(*) from accounts where status = 'SIN_CLAVE' and username in (?, ?)")
			.params(first, second).query(Integer.class).single()).isEqualTo(2);

		Run again = command("import", "--persons", file.toString(), "--report", directory.resolve("otra.csv").toString());

		assertThat(again.exit()).as(again.output()).isZero();
		assertThat(again.output()).contains("0 personas nuevas, 2 ya registradas, 1 filas rechazadas");
		assertThat(directory.resolve("otra.csv")).exists();
	}

	@Test
	void exitsThreeWhenTheFileOrTheDatabaseCannotBeUsed() throws IOException {
		assertThat(command("import", "--persons", directory.resolve("no-existe.csv").toString()).exit()).isEqualTo(3);

		Path wrongHeader = directory.resolve("cabecera.csv");
		Files.writeString(wrongHeader, "cedula,nombres\n1710034065,Ana\n");
		assertThat(command("import", "--persons", wrongHeader.toString()).exit()).isEqualTo(3);

		Path good = directory.resolve("bien.csv");
		Files.writeString(good, "cedula,firstNames,lastNames,birthDate,fingerprintCode,roles,email,mobile\n"
				+ TestCedulas.next() + ",Ana,Ortiz,1980-02-02,V4343V4242,AFILIADO,,\n");
		System.setProperty("spring.datasource.url", "jdbc:postgresql://127.0.0.1:9/ninguna");
		assertThat(command("import", "--persons", good.toString()).exit()).isEqualTo(3);

		assertThat(command("import", "--persons").exit()).isEqualTo(2);
		assertThat(command("import", "--persons", good.toString(), "--informe", "x").exit()).isEqualTo(2);
	}

	private static Run command(String... args) {
		PrintStream original = System.err;
		ByteArrayOutputStream errors = new ByteArrayOutputStream();
		System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
		try {
			Run run = AuditVerifyCommandIntegrationTest.command(args);
			return new Run(run.exit(), run.output() + errors.toString(StandardCharsets.UTF_8));
		}
		finally {
			System.setErr(original);
		}
	}
}
