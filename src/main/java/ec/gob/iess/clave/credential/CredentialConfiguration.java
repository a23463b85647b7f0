package ec.gob.iess.clave.credential;

import org.springframework.beans.factory.SmartInitializingSingleton;
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
		return new PasswordPolicy(settings.password().minLength(), settings.password().maxLength(),
				StartupLoad.start("clave-blocklist-load", Blocklist::standard));
	}

	/**
	 * The blocklist and the hasher load on threads of their own while the other beans are made (decision 163); this
	 * waits for both once every bean exists and before the web server starts, so no request meets them half-loaded
	 * and a failed load fails the start.
	 */
	@Bean
	SmartInitializingSingleton credentialLoadsFinished(PasswordHasher passwordHasher, PasswordPolicy passwordPolicy) {
		return () -> {
			passwordHasher.awaitLoaded();
			passwordPolicy.awaitLoaded();
		};
	}

	@Bean
	LockoutPolicy lockoutPolicy(CredentialSettings settings) {
		return new LockoutPolicy(settings.lockout().maxFailures());
	}
}
