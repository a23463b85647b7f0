package ec.gob.iess.clave.owner;

import java.util.Set;

import ec.gob.iess.clave.web.ClaveSettings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.management.JdbcPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;

/**
 * Spring Security's WebAuthn relying party over its JDBC repositories (tables of {@code V79}). The RP ID is
 * the host of {@code clave.base-url} and the only allowed origin is {@code clave.base-url} itself, never the
 * request's Host (SECURITY.md 13, 31). User verification is required both when a passkey is made and each
 * time it is used: the phone's fingerprint or PIN, not a touch alone.
 */
@Configuration(proxyBeanMethods = false)
class PasskeyConfiguration {

	/** What the phone shows as the site a passkey is for. */
	static final String RP_NAME = "IESS Clave";

	@Bean
	JdbcPublicKeyCredentialUserEntityRepository passkeyUsers(JdbcOperations jdbc) {
		return new JdbcPublicKeyCredentialUserEntityRepository(jdbc);
	}

	@Bean
	JdbcUserCredentialRepository passkeyCredentials(JdbcOperations jdbc) {
		return new JdbcUserCredentialRepository(jdbc);
	}

	@Bean
	Webauthn4JRelyingPartyOperations relyingParty(JdbcPublicKeyCredentialUserEntityRepository users,
			JdbcUserCredentialRepository credentials, ClaveSettings settings) {
		PublicKeyCredentialRpEntity rp = PublicKeyCredentialRpEntity.builder()
			.id(settings.baseUrl().getHost())
			.name(RP_NAME)
			.build();
		Webauthn4JRelyingPartyOperations operations = new Webauthn4JRelyingPartyOperations(users, credentials, rp,
				Set.of(settings.origin()));
		operations.setCustomizeCreationOptions(options -> options.authenticatorSelection(
				AuthenticatorSelectionCriteria.builder()
					.userVerification(UserVerificationRequirement.REQUIRED)
					.residentKey(ResidentKeyRequirement.REQUIRED)
					.build()));
		operations.setCustomizeRequestOptions(options -> options.userVerification(UserVerificationRequirement.REQUIRED));
		return operations;
	}
}
