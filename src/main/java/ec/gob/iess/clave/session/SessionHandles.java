package ec.gob.iess.clave.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * The names under which Mi seguridad shows an open session (decision 135): an HMAC, under a server key of its
 * own, of the account, the kind and what the store keys the session by (a web session's id, a token's hash, an
 * authorization's id). A handle opens nothing — it is no session id and no token, and none can be derived from
 * it — and one account's handle never names another account's session: closing one recomputes the handles of
 * the owner's own sessions only, so another person's handle is simply not found.
 */
@Component
public class SessionHandles {

	private final ServerKeys keys;

	SessionHandles(ServerKeys keys) {
		this.keys = keys;
	}

	public String handle(String username, String kind, String key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(keys.key("session-handle").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] digest = mac.doFinal((username + '\n' + kind + '\n' + key).getBytes(StandardCharsets.UTF_8));
			// 128 bits are plenty for a name that is only ever compared with the owner's few sessions.
			return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}
}
