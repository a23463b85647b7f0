package ec.gob.iess.clave;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

/** The shape of the code: modules with small public faces and no cycles, rules free of Spring. */
class ModularityTests {

	static final ApplicationModules MODULES = ApplicationModules.of(ClaveApplication.class);

	static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("ec.gob.iess.clave");

	@Test
	void modulesOnlyUseEachOthersPublicFaceAndHaveNoCycles() {
		MODULES.verify();
	}

	@Test
	void theModulesAreTheCapabilitiesOfTheProduct() {
		assertModules("audit", "captcha", "counter", "credential", "demo", "device", "identity", "keys", "mail", "notice", "portal", "ratelimit", "recovery", "refusal", "session", "token", "unlock", "web");
	}

	@Test
	void identifierRulesAreSpringFreePlainJava() {
		noClasses().that().haveSimpleNameEndingWith("Cedula").or().haveSimpleName("Ruc").or().haveSimpleName("FingerprintCode")
			.or().haveSimpleName("PasswordPolicy").or().haveSimpleName("LockoutPolicy").or().haveSimpleName("Blocklist")
			.or().haveSimpleName("Totp")
			.should().dependOnClassesThat().resideInAPackage("org.springframework..")
			.check(CLASSES);
	}

	@Test
	void dependenciesAreInjectedThroughConstructors() {
		noFields().should().beAnnotatedWith(org.springframework.beans.factory.annotation.Autowired.class).check(CLASSES);
	}

	@Test
	void controllersAreNotPartOfAModulesPublicFace() {
		classes().that().areAnnotatedWith(org.springframework.stereotype.Controller.class)
			.or().areAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
			.should().notBePublic()
			.check(CLASSES);
	}

	private static void assertModules(String... names) {
		org.assertj.core.api.Assertions
			.assertThat(MODULES.stream().map(module -> module.getIdentifier().toString()).sorted().toList())
			.containsExactly(names);
	}
}
