package ec.gob.iess.clave.credential;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CredentialConfiguration {

	@Bean
	PasswordHasher passwordHasher(CredentialSettings settings) {
		return new PasswordHasher(new HashingSettings(settings.hashing().memoryKib(), settings.hashing().iterations(), 1));
	}

	@Bean
	HashingGate hashingGate(CredentialSettings settings) {
		CredentialSettings.Hashing hashing = settings.hashing();
		return new HashingGate(hashing.effectivePermits(), hashing.maxQueue(), hashing.maxWait());
	}

	@Bean
	PasswordPolicy passwordPolicy(CredentialSettings settings) {
		return new PasswordPolicy(settings.password().minLength(), settings.password().maxLength(), Blocklist.standard());
	}

	@Bean
	LockoutPolicy lockoutPolicy(CredentialSettings settings) {
		return new LockoutPolicy(settings.lockout().maxFailures());
	}
}
