package ec.gob.iess.clave.counter;

import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.web.Problem;
import ec.gob.iess.clave.web.Problems;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.ModelAndView;

/**
 * Who may call what at the counter (decision 10), in one place: each staff endpoint and each handler of the
 * {@code /centro} pages names one of these rules in {@code @PreAuthorize}, and {@code StaffAccessUnitTest}
 * fails the build for one without. The security chains already admit only staff to {@code /api/v1/staff/**}
 * and {@code /centro}; these add the role.
 */
final class StaffAccess {

	/** AGENTE and SUPERVISOR act on people; the administrator does not (separation of duties). */
	static final String COUNTER = "hasAnyRole('AGENTE', 'SUPERVISOR')";
	/** Only a supervisor reactivates a suspended account. */
	static final String SUPERVISOR = "hasRole('SUPERVISOR')";
	/** Only an administrator manages staff accounts. */
	static final String ADMINISTRATOR = "hasRole('ADMINISTRADOR')";
	/** Supervisors and administrators review the audit. */
	static final String AUDIT = "hasAnyRole('SUPERVISOR', 'ADMINISTRADOR')";
	/** Any member of staff: the back office's start page, which offers each role its own work. */
	static final String STAFF = "hasAnyRole('AGENTE', 'SUPERVISOR', 'ADMINISTRADOR')";

	private StaffAccess() {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableMethodSecurity
	static class MethodSecurity {
	}

	/** A missing role is {@code 403 FORBIDDEN} problem+json (API.md), not the generic failure of an unexpected exception. */
	@RestControllerAdvice(assignableTypes = StaffApiController.class)
	@Order(Ordered.HIGHEST_PRECEDENCE)
	static class Refusals {

		private final Problems problems;

		Refusals(Problems problems) {
			this.problems = problems;
		}

		@ExceptionHandler(AccessDeniedException.class)
		ResponseEntity<Problem> forbidden() {
			return problems.entity(RefusalCode.FORBIDDEN);
		}
	}

	/** On the back office's pages a missing role is a Spanish page that leads back to the start page. */
	@ControllerAdvice(assignableTypes = { CentroController.class, CentroPersonController.class,
			CentroEmployerController.class, CentroStaffController.class, CentroServicesController.class, CentroClientsController.class,
			CentroAuditController.class })
	@Order(Ordered.HIGHEST_PRECEDENCE)
	static class PageRefusals {

		@ExceptionHandler(AccessDeniedException.class)
		ModelAndView forbidden() {
			ModelAndView page = new ModelAndView("centro/forbidden");
			page.setStatus(HttpStatus.FORBIDDEN);
			return page;
		}
	}
}
