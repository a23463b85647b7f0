package ec.gob.iess.clave;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import ec.gob.iess.clave.credential.AccountKind;
import ec.gob.iess.clave.credential.Agreement;
import ec.gob.iess.clave.credential.AgreementService;
import ec.gob.iess.clave.credential.CredentialAdministration;
import ec.gob.iess.clave.credential.CredentialEvents;
import ec.gob.iess.clave.credential.CredentialStatus;
import ec.gob.iess.clave.credential.CredentialView;
import ec.gob.iess.clave.credential.LoginOutcome;
import ec.gob.iess.clave.credential.LoginService;
import ec.gob.iess.clave.credential.PasswordChangeService;
import ec.gob.iess.clave.credential.PasswordResetService;
import ec.gob.iess.clave.credential.StaffPasswords;
import ec.gob.iess.clave.credential.Username;
import ec.gob.iess.clave.credential.NumberFields;

import org.springframework.modulith.core.ApplicationModules;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
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
		assertModules("audit", "biometric", "captcha", "counter", "credential", "demo", "device", "identity", "keys", "mail", "notice", "operations", "owner", "portal", "ratelimit", "recovery", "refusal", "registry", "session", "sso", "token", "unlock", "web");
	}

	/**
	 * credential's public face, as its package-info lists it (nested types included: the events, the
	 * temporary clave, the login outcomes, the change request). Widening it is a decision, made here.
	 */
	static final Class<?>[] CREDENTIAL_FACE = { CredentialAdministration.class, CredentialView.class, Username.class,
			AccountKind.class, CredentialStatus.class, CredentialEvents.class, LoginService.class, LoginOutcome.class,
			PasswordChangeService.class, PasswordResetService.class, AgreementService.class, Agreement.class,
			StaffPasswords.class, NumberFields.class };

	@Test
	void otherModulesUseOnlyTheListedFaceOfCredential() {
		noClasses().that().resideOutsideOfPackage("ec.gob.iess.clave.credential..")
			.should().dependOnClassesThat(resideInAPackage("ec.gob.iess.clave.credential..").and(not(belongToAnyOf(CREDENTIAL_FACE))))
			.because("accounts, hashing and the clave policy stay inside credential; others read a CredentialView")
			.check(CLASSES);
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
