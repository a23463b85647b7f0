package ec.gob.iess.clave.counter;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Controller;
import org.springframework.util.ClassUtils;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RequestMapping;

import static org.assertj.core.api.Assertions.assertThat;

/** Every staff endpoint and back-office page names its rule from {@link StaffAccess}: none is open because someone forgot a check. */
class StaffAccessUnitTest {

	static final Set<String> RULES = Set.of(StaffAccess.COUNTER, StaffAccess.SUPERVISOR, StaffAccess.ADMINISTRATOR,
			StaffAccess.AUDIT, StaffAccess.STAFF);

	@Test
	void everyStaffEndpointButLoginNamesOneRule() {
		List<Method> endpoints = Arrays.stream(StaffApiController.class.getDeclaredMethods())
			.filter(method -> AnnotatedElementUtils.hasAnnotation(method, RequestMapping.class))
			.toList();

		assertThat(endpoints).hasSizeGreaterThan(5);
		for (Method endpoint : endpoints) {
			PreAuthorize rule = endpoint.getAnnotation(PreAuthorize.class);
			if (endpoint.getName().equals("login")) {
				assertThat(rule).as("login is open: it is how staff get a token").isNull();
			}
			else {
				assertThat(rule).as(endpoint.getName()).isNotNull();
				assertThat(RULES).as(endpoint.getName()).contains(rule.value());
			}
		}
	}

	/** The back office's pages: every handler under /centro names a rule, but the login and the enrolment of its code. */
	@Test
	void everyBackOfficeHandlerButLoginNamesOneRule() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(Controller.class));
		List<Method> handlers = scanner.findCandidateComponents("ec.gob.iess.clave").stream()
			.map(bean -> ClassUtils.resolveClassName(bean.getBeanClassName(), getClass().getClassLoader()))
			.flatMap(type -> Arrays.stream(type.getDeclaredMethods()))
			.filter(method -> AnnotatedElementUtils.hasAnnotation(method, RequestMapping.class))
			.filter(method -> Arrays.stream(AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class).path())
				.anyMatch(path -> path.equals("/centro") || path.startsWith("/centro/")))
			.toList();

		assertThat(handlers).hasSizeGreaterThan(10);
		for (Method handler : handlers) {
			PreAuthorize rule = handler.getAnnotation(PreAuthorize.class);
			if (handler.getDeclaringClass() == CentroLoginController.class) {
				assertThat(rule).as("the staff login and its enrolment are open: they are how staff sign in").isNull();
			}
			else {
				assertThat(rule).as(handler.toString()).isNotNull();
				assertThat(RULES).as(handler.toString()).contains(rule.value());
			}
		}
	}

	@Test
	void theRulesFollowTheSeparationOfDuties() {
		assertThat(StaffAccess.COUNTER).contains("'AGENTE'", "'SUPERVISOR'").doesNotContain("ADMINISTRADOR");
		assertThat(StaffAccess.SUPERVISOR).contains("'SUPERVISOR'").doesNotContain("AGENTE", "ADMINISTRADOR");
		assertThat(StaffAccess.ADMINISTRATOR).contains("'ADMINISTRADOR'").doesNotContain("AGENTE", "SUPERVISOR");
		assertThat(StaffAccess.AUDIT).contains("'SUPERVISOR'", "'ADMINISTRADOR'").doesNotContain("AGENTE");
		assertThat(StaffAccess.STAFF).contains("'AGENTE'", "'SUPERVISOR'", "'ADMINISTRADOR'");
	}
}
