package ec.gob.iess.clave;

import java.time.Instant;
import java.util.Map;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.counter.Totp;
import ec.gob.iess.clave.sso.SigningKeys;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The commands of {@code java -jar clave.jar}: {@code audit verify} checks the audit chain and exits
 * non-zero on a break; {@code totp SECRET} prints the current code of a TOTP secret (for the demo
 * staff users, or to check an authenticator app); {@code sso rotate-key} makes a new key to sign the
 * single sign-on tokens (the old one stays published until the tokens it signed have expired).
 */
final class CommandLine {

	private CommandLine() {
	}

	static boolean isCommand(String[] args) {
		return args.length > 0 && !args[0].startsWith("-");
	}

	static int run(String[] args) {
		if (args.length == 2 && "audit".equals(args[0]) && "verify".equals(args[1])) {
			return auditVerify();
		}
		if (args.length == 2 && "sso".equals(args[0]) && "rotate-key".equals(args[1])) {
			return rotateSigningKey();
		}
		if (args.length == 2 && "totp".equals(args[0])) {
			System.out.println(Totp.code(args[1], Instant.now()));
			return 0;
		}
		System.err.println("Uso: java -jar clave.jar [audit verify | sso rotate-key | totp SECRETO]");
		return 2;
	}

	/** 0 intact, 1 broken, 3 when the check itself could not run (never mistaken for a broken chain). */
	private static int auditVerify() {
		try (ConfigurableApplicationContext context = application().run()) {
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
	private static int rotateSigningKey() {
		try (ConfigurableApplicationContext context = application().run()) {
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

	/** The application without its web side or the demo data: the database and the services, for one command. */
	private static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(ClaveApplication.class)
			.web(WebApplicationType.NONE)
			.properties(Map.of("clave.demo-data", "false", "spring.main.banner-mode", "off", "logging.level.root", "WARN"));
	}
}
