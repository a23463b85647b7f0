package ec.gob.iess.clave.counter;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RequestMapping;

import static org.assertj.core.api.Assertions.assertThat;

/** Every staff endpoint names its rule from {@link StaffAccess}: none is open because someone forgot a check. */
class StaffAccessUnitTest {

	static final Set<String> RULES = Set.of(StaffAccess.COUNTER, StaffAccess.SUPERVISOR, StaffAccess.ADMINISTRATOR,
			StaffAccess.AUDIT);

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

	@Test
	void theRulesFollowTheSeparationOfDuties() {
		assertThat(StaffAccess.COUNTER).contains("'AGENTE'", "'SUPERVISOR'").doesNotContain("ADMINISTRADOR");
		assertThat(StaffAccess.SUPERVISOR).contains("'SUPERVISOR'").doesNotContain("AGENTE", "ADMINISTRADOR");
		assertThat(StaffAccess.ADMINISTRATOR).contains("'ADMINISTRADOR'").doesNotContain("AGENTE", "SUPERVISOR");
		assertThat(StaffAccess.AUDIT).contains("'SUPERVISOR'", "'ADMINISTRADOR'").doesNotContain("AGENTE");
	}
}
