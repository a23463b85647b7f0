package ec.gob.iess.clave.sso;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import ec.gob.iess.clave.session.ServerKeys;

import org.springframework.stereotype.Component;

/**
 * The {@code sub} a service sees (OpenID Connect Core §8.1, pairwise): HMAC-SHA256 over the service's client
 * id and the account, under a key of the server. Stable for one service, different across services, and
 * neither the cédula nor anything a service could turn back into it; two services cannot join their
 * records by it.
 */
@Component
class PairwiseSubjects {

	private final SecretKeySpec key;

	PairwiseSubjects(SsoSettings settings, ServerKeys serverKeys) {
		byte[] secret = settings.subjectKey() != null && !settings.subjectKey().isBlank()
				? Base64.getDecoder().decode(settings.subjectKey().strip())
				: serverKeys.key("sso-subject").getBytes(StandardCharsets.UTF_8);
		this.key = new SecretKeySpec(secret, "HmacSHA256");
	}

	String subject(String clientId, String username) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			// The client id cannot contain a line break (ClientRegistrations), so no two pairs give one input.
			byte[] digest = mac.doFinal((clientId + "\n" + username).getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}
}
