package ec.gob.iess.clave;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which arguments start a command instead of the server: Spring properties may come before or after its words. */
class CommandLineTests {

	@Test
	void aCommandIsTheFirstArgumentThatIsNoProperty() {
		assertThat(CommandLine.isCommand(new String[0])).isFalse();
		assertThat(CommandLine.isCommand(new String[] { "--server.port=8090" })).isFalse();
		assertThat(CommandLine.isCommand(new String[] { "--debug" })).isFalse();
		assertThat(CommandLine.isCommand(new String[] { "import", "--persons", "p.csv" })).isTrue();
		assertThat(CommandLine.isCommand(new String[] { "--spring.datasource.url=jdbc:postgresql://db/clave", "import",
				"--persons", "p.csv" })).isTrue();
		assertThat(CommandLine.isCommand(new String[] { "audit", "verify", "--spring.datasource.password=x" })).isTrue();
	}
}
