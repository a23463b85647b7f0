package ec.gob.iess.clave.counter;

import java.util.Set;

import ec.gob.iess.clave.audit.Origin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates the first administrator from {@code clave.bootstrap.admin-*} when there is none, so a new
 * installation can be set up through the staff API. The TOTP secret, when Clave makes it, is printed
 * once on the console (not through the logger), like a temporary clave handed over in person.
 */
@Component
@Order(1)
class BootstrapAdministrator implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(BootstrapAdministrator.class);

	private final BootstrapSettings settings;
	private final StaffAdministration administration;

	BootstrapAdministrator(BootstrapSettings settings, StaffAdministration administration) {
		this.settings = settings;
		this.administration = administration;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (settings.adminUsername() == null || settings.adminPassword() == null || administration.anyAdministrator()) {
			return;
		}
		var created = administration.create(settings.adminUsername(), settings.adminPassword(),
				Set.of(StaffRole.ADMINISTRADOR), settings.adminCenter(), settings.adminTotpSecret(), Origin.system());
		log.info("Administrador inicial '{}' creado.", created.username());
		if (settings.adminTotpSecret() == null) {
			System.out.println("Secreto TOTP del administrador inicial (se muestra una sola vez): " + created.totpSecret());
		}
	}
}
