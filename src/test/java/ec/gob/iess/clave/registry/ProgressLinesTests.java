package ec.gob.iess.clave.registry;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.ResourceBundleMessageSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What the import prints: a bar redrawn in place on a terminal, plain lines (not too many) otherwise. */
class ProgressLinesTests {

	static ResourceBundleMessageSource messages() {
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
		messages.setBasename("messages");
		messages.setDefaultEncoding("UTF-8");
		messages.setFallbackToSystemLocale(false);
		return messages;
	}

	/** A quarter of a 4,000-byte file done in 10 s, 250,000 rows of this run: 75 % left takes 30 s more. */
	static ImportStatus quarter() {
		return new ImportStatus(Path.of("p.csv"), Path.of("p.rechazos.csv"), 1_000, 4_000, 250_002, 250_000, 249_000, 0,
				1_000, 250_000, Duration.ofSeconds(10), 0, 0);
	}

	@Test
	void onATerminalTheBarIsRedrawnInPlaceWithRowsPerSecondAndTheTimeLeft() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ProgressLines progress = new ProgressLines(new PrintStream(out, true, StandardCharsets.UTF_8), true, messages());

		progress.chunkCommitted(quarter());
		progress.chunkCommitted(quarter());
		progress.end();

		String text = out.toString(StandardCharsets.UTF_8);
		assertThat(text).startsWith("\r[########......................] 25 % · 250.000 filas · 25.000 filas/s · faltan 0:30")
			.endsWith("\n");
		assertThat(text.split("\r")).hasSize(3);
		assertThat(text.chars().filter(c -> c == '\n').count()).as("one line, ended once").isEqualTo(1);
	}

	@Test
	void elsewhereAPlainLineAtMostEveryTwoSecondsAndTheLast() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ProgressLines progress = new ProgressLines(new PrintStream(out, true, StandardCharsets.UTF_8), false, messages());
		ImportStatus done = new ImportStatus(Path.of("p.csv"), Path.of("p.rechazos.csv"), 4_000, 4_000, 1_000_002,
				1_000_000, 990_000, 6_000, 4_000, 400_000, Duration.ofSeconds(20), 600_002, 2_400);

		progress.chunkCommitted(quarter());
		progress.chunkCommitted(quarter());
		progress.chunkCommitted(done);

		assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
				"25 % · 250.000 filas · 25.000 filas/s · faltan 0:30", "100 % · 1.000.000 filas · 20.000 filas/s · faltan 0:00");
		assertThat(progress.summary(done)).isEqualTo("""
				Continuó la importación anterior de este archivo desde la línea 600.002.
				Importación terminada: 1.000.000 filas leídas, 990.000 personas nuevas, 6.000 ya registradas, 4.000 filas \
				rechazadas (línea y motivo en p.rechazos.csv). En esta ejecución: 20.000 filas/s en 0:20.""");
	}
}
