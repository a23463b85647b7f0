package ec.gob.iess.clave.counter;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import ec.gob.iess.clave.session.ClavePrincipal;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page of the back office shows: times in Ecuador's hour, and which role is at the keyboard. */
@ControllerAdvice(assignableTypes = { CentroController.class, CentroPersonController.class,
		CentroEmployerController.class, CentroStaffController.class, CentroServicesController.class,
		CentroAuditController.class })
class CentroModel {

	static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm")
		.withZone(ZoneId.of("America/Guayaquil"));

	@ModelAttribute("time")
	DateTimeFormatter time() {
		return TIME;
	}

	/** Whether the page offers what a counter does (agents and supervisors) and what only a supervisor does. */
	@ModelAttribute("counterRole")
	boolean counterRole(@AuthenticationPrincipal ClavePrincipal principal) {
		return principal != null && (principal.roles().contains(StaffRole.AGENTE.name())
				|| principal.roles().contains(StaffRole.SUPERVISOR.name()));
	}

	@ModelAttribute("administrator")
	boolean administrator(@AuthenticationPrincipal ClavePrincipal principal) {
		return principal != null && principal.roles().contains(StaffRole.ADMINISTRADOR.name());
	}

	@ModelAttribute("supervisor")
	boolean supervisor(@AuthenticationPrincipal ClavePrincipal principal) {
		return principal != null && principal.roles().contains(StaffRole.SUPERVISOR.name());
	}
}
