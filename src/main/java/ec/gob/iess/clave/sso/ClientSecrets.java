package ec.gob.iess.clave.sso;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import ec.gob.iess.clave.keys.DataKeys;
import ec.gob.iess.clave.keys.Sealer;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * How a service's client secret is stored and checked (decision 119): {@code {hmac-sha256}} — a keyed hash
 * under a key derived from {@code clave.sso.key}, which is not in the database — rather than bcrypt. A
 * client secret is at least 32 characters and those Clave makes are 256 random bits: nobody guesses one
 * whatever the hash, so a slow hash buys nothing, while bcrypt's 100 ms on every code exchange and every
 * refresh (each service's session refreshes every 5 minutes) cost more CPU than the person's own login. The
 * key makes a copied table useless for offline guessing of a weaker configured secret. Secrets stored as
 * {@code {bcrypt}} before still match, and Spring Authorization Server re-stores them in the new form at their
 * next use ({@code upgradeEncoding}).
 */
@Component
class ClientSecrets {

	static final String ID = "hmac-sha256";
	private static final SecureRandom RANDOM = new SecureRandom();
	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	private final PasswordEncoder encoder;

	ClientSecrets(DataKeys keys) {
		Sealer sealer = keys.sealer("clave.sso.key", "sso.key");
		PasswordEncoder keyed = new PasswordEncoder() {

			@Override
			public String encode(CharSequence raw) {
				byte[] salt = new byte[16];
				RANDOM.nextBytes(salt);
				return hash(BASE64.encodeToString(salt), raw);
			}

			@Override
			public boolean matches(CharSequence raw, String encoded) {
				int dollar = encoded == null ? -1 : encoded.indexOf('$');
				return raw != null && dollar > 0 && MessageDigest.isEqual(
						hash(encoded.substring(0, dollar), raw).getBytes(StandardCharsets.US_ASCII),
						encoded.getBytes(StandardCharsets.US_ASCII));
			}

			/** {@code salt$hash}: the salt keeps two services with one secret apart (Spring refuses equal stored secrets). */
			private String hash(String salt, CharSequence raw) {
				return salt + "$" + BASE64.encodeToString(sealer.keyedHash("sso client secret", salt + "$" + raw));
			}
		};
		this.encoder = new DelegatingPasswordEncoder(ID, Map.of(ID, keyed, "bcrypt", new BCryptPasswordEncoder()));
	}

	/** The encoder of the registrations and of the token endpoint's client authentication: one for both. */
	PasswordEncoder encoder() {
		return encoder;
	}
}
