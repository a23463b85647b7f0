package ec.gob.iess.clave.owner;

import java.util.List;
import java.util.Set;

import ec.gob.iess.clave.support.SoftAuthenticator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.jackson.WebauthnJacksonModule;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialCreationOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialRequestOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutableRelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.MapPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.MapUserCredentialRepository;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyPublicKey;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;

import static org.assertj.core.api.Assertions.assertThat;

/** The test authenticator speaks what Spring's relying party understands, through the JSON the browser sends. */
class PasskeyWireUnitTest {

	@Test
	void aPasskeyMadeBySoftAuthenticatorRegistersAndSignsIn() throws Exception {
		JsonMapper json = JsonMapper.builder().addModule(new WebauthnJacksonModule()).build();
		Webauthn4JRelyingPartyOperations rp = new Webauthn4JRelyingPartyOperations(new MapPublicKeyCredentialUserEntityRepository(),
				new MapUserCredentialRepository(), PublicKeyCredentialRpEntity.builder().id("clave.iess.test").name("IESS").build(),
				Set.of("https://clave.iess.test"));
		SoftAuthenticator key = new SoftAuthenticator("https://clave.iess.test", false);
		PublicKeyCredentialCreationOptions creation = rp.createPublicKeyCredentialCreationOptions(
				new ImmutablePublicKeyCredentialCreationOptionsRequest(
						UsernamePasswordAuthenticationToken.authenticated("1710034065", null, List.of())));
		JsonNode creationJson = json.readTree(json.writeValueAsString(creation));
		String body = "{\"credential\":" + key.create(creationJson) + ",\"label\":\"x\"}";
		RelyingPartyPublicKey publicKey = json.treeToValue(json.readTree("{\"publicKey\":" + body + "}").get("publicKey"),
				RelyingPartyPublicKey.class);
		rp.registerCredential(new ImmutableRelyingPartyRegistrationRequest(creation, publicKey));

		PublicKeyCredentialRequestOptions request = rp.createCredentialRequestOptions(
				new ImmutablePublicKeyCredentialRequestOptionsRequest(null));
		key.counter(3);
		PublicKeyCredential<AuthenticatorAssertionResponse> assertion = json.readValue(
				key.get(json.readTree(json.writeValueAsString(request))),
				json.getTypeFactory().constructParametricType(PublicKeyCredential.class, AuthenticatorAssertionResponse.class));
		assertThat(rp.authenticate(new RelyingPartyAuthenticationRequest(request, assertion)).getName()).isEqualTo("1710034065");
		assertThat(Passkeys.signCount(assertion.getResponse().getAuthenticatorData())).isEqualTo(3);
	}
}
