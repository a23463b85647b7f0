package ec.gob.iess.clave;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.counter.Totp;
import ec.gob.iess.clave.registry.ImportStatus;
import ec.gob.iess.clave.registry.PersonImport;
import ec.gob.iess.clave.registry.ProgressLines;
import ec.gob.iess.clave.sso.SigningKeys;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.MessageSource;

/**
 * The commands of {@code java -jar clave.jar}: {@code audit verify} checks the audit chain and exits
 * non-zero on a break; {@code totp SECRET} prints the current code of a TOTP secret (for the demo
 * staff users, or to check an authenticator app); {@code sso rotate-key} makes a new key to sign the
 * single sign-on tokens (the old one stays published until the tokens it signed have expired);
 * {@code import --persons FILE.csv [--report FILE]} loads people from the registry in bulk.
 */
final class CommandLine {

	private CommandLine() {
	}

	private static boolean isProperty(String arg) {
		return arg.startsWith("--") && arg.indexOf('=') > 2;
	}

	/** Whether the arguments name a command: the first one that is no {@code --name=value} property is a word. */
	static boolean isCommand(String[] args) {
		return Arrays.stream(args).filter(arg -> !isProperty(arg)).findFirst().map(arg -> !arg.startsWith("-"))
			.orElse(false);
	}

	/**
	 * Runs the command; arguments of the form {@code --name=value} anywhere are Spring properties for its context
	 * ({@code --spring.datasource.url=…}), as for the server, and the rest name the command.
	 */
	static int run(String[] all) {
		String[] args = Arrays.stream(all).filter(arg -> !isProperty(arg)).toArray(String[]::new);
		// Warnings only, unless the caller asks for more: application.yaml's INFO would bury what the command prints.
		String[] properties = Stream.concat(Stream.of("--logging.level.root=WARN"),
				Arrays.stream(all).filter(CommandLine::isProperty)).toArray(String[]::new);
		if (args.length == 2 && "audit".equals(args[0]) && "verify".equals(args[1])) {
			return auditVerify(properties);
		}
		if (args.length == 2 && "sso".equals(args[0]) && "rotate-key".equals(args[1])) {
			return rotateSigningKey(properties);
		}
		if ((args.length == 3 || args.length == 5) && "import".equals(args[0]) && "--persons".equals(args[1])) {
			if (args.length == 3) {
				return importPersons(Path.of(args[2]), PersonImport.defaultReport(Path.of(args[2])), properties);
			}
			if ("--report".equals(args[3])) {
				return importPersons(Path.of(args[2]), Path.of(args[4]), properties);
			}
		}
		if (args.length == 2 && "totp".equals(args[0])) {
			System.out.println(Totp.code(args[1], Instant.now()));
			return 0;
		}
		System.err.println("Uso: java -jar clave.jar [audit verify | sso rotate-key | totp SECRETO | import --persons ARCHIVO.csv [--report ARCHIVO]]");
		return 2;
	}

	/** 0 intact, 1 broken, 3 when the check itself could not run (never mistaken for a broken chain). */
	private static int auditVerify(String[] properties) {
		try (ConfigurableApplicationContext context = application().run(properties)) {
			AuditLog.ChainVerification result = context.getBean(AuditLog.class).verify();
			if (result.intact()) {
				System.out.println("Cadena de auditoría íntegra: " + result.entries() + " eventos verificados.");
				return 0;
			}
			System.out.println("Cadena de auditoría ROTA en el evento " + result.brokenAt() + ": " + result.problem());
			return 1;
		}
		catch (RuntimeException e) {
			System.err.println("No se pudo verificar la cadena de auditoría: " + e.getMessage());
			return 3;
		}
	}

	/** 0 done, 3 when it could not be done (no database, no {@code clave.sso.key}). */
	private static int rotateSigningKey(String[] properties) {
		try (ConfigurableApplicationContext context = application().run(properties)) {
			String kid = context.getBean(SigningKeys.class).rotate();
			System.out.println("Nueva clave de firma de tokens: " + kid + ". La anterior sigue publicada hasta que "
					+ "venzan los tokens que firmó.");
			return 0;
		}
		catch (RuntimeException e) {
			System.err.println("No se pudo crear la nueva clave de firma: " + e.getMessage());
			return 3;
		}
	}

	/**
	 * 0 imported (bad rows are reported, not a failure), 3 when the file cannot be read, its header is not the
	 * contract's, or the database is unavailable. Interrupted, it can be run again: it continues where it stopped.
	 */
	private static int importPersons(Path file, Path report, String[] properties) {
		if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
			System.err.println("No se puede leer el archivo " + file + ".");
			return 3;
		}
		try (ConfigurableApplicationContext context = application().run(properties)) {
			MessageSource messages = context.getBean(MessageSource.class);
			ProgressLines progress = new ProgressLines(System.out, ProgressLines.onTerminal(), messages);
			AtomicBoolean finished = new AtomicBoolean();
			Thread interrupted = new Thread(() -> {
				if (!finished.get()) {
					progress.end();
					System.err.println("Importación interrumpida. Lo confirmado queda; vuelva a ejecutar el mismo comando "
							+ "para continuar desde ahí.");
				}
			});
			Runtime.getRuntime().addShutdownHook(interrupted);
			ImportStatus done;
			try {
				done = context.getBean(PersonImport.class).run(file, report, progress);
			}
			finally {
				finished.set(true);
				progress.end();
				Runtime.getRuntime().removeShutdownHook(interrupted);
			}
			System.out.println(progress.summary(done));
			return 0;
		}
		catch (PersonImport.BadFileException e) {
			System.err.println("El archivo no tiene la cabecera esperada (" + e.getMessage() + "): nada importado.");
			return 3;
		}
		catch (IOException e) {
			System.err.println("No se pudo leer el archivo o escribir el informe: " + e.getMessage());
			return 3;
		}
		catch (RuntimeException e) {
			System.err.println("No se pudo importar: " + e.getMessage());
			return 3;
		}
	}

	/** The application without its web side or the demo data: the database and the services, for one command. */
	private static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(ClaveApplication.class)
			.web(WebApplicationType.NONE)
			.properties(Map.of("clave.demo-data", "false", "spring.main.banner-mode", "off"));
	}
}
