package ec.gob.iess.clave.sso;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code clave.sso.*}.
 *
 * @param key base64 AES-256 key sealing the signing keys in the database; unset, one is made once in
 *        {@code sso.key} beside the embedded database, and PostgreSQL refuses to start without it
 * @param subjectKey base64 key of the pairwise subjects; unset, one made once and kept in the database
 *        (changing it changes every {@code sub} every service knows)
 * @param idTokenTtl and {@code accessTokenTtl}: 5 minutes (API.md)
 * @param codeTtl how long an authorization code may wait for its exchange
 * @param keyRetention how long a replaced signing key stays in the JWKS: longer than any token it signed lives
 * @param clients the services declared in configuration, by client id, registered on start
 */
@ConfigurationProperties("clave.sso")
public record SsoSettings(String key, String subjectKey, Duration idTokenTtl, Duration accessTokenTtl, Duration codeTtl,
		Duration keyRetention, Map<String, Client> clients) {

	public SsoSettings {
		idTokenTtl = idTokenTtl == null ? Duration.ofMinutes(5) : idTokenTtl;
		accessTokenTtl = accessTokenTtl == null ? Duration.ofMinutes(5) : accessTokenTtl;
		codeTtl = codeTtl == null ? Duration.ofMinutes(1) : codeTtl;
		keyRetention = keyRetention == null ? Duration.ofHours(1) : keyRetention;
		clients = clients == null ? Map.of() : Map.copyOf(clients);
	}

	/**
	 * A service declared in configuration ({@code clave.sso.clients.<id>.*}).
	 *
	 * @param secret the client secret of a confidential service (stored hashed); unset: a public client
	 * @param roles the roles of the people it serves (AFILIADO, PENSIONISTA, BENEFICIARIO, EMPLEADOR)
	 */
	public record Client(String name, List<String> redirectUris, List<String> postLogoutRedirectUris,
			String backchannelLogoutUri, List<String> scopes, List<String> roles, String secret) {

		public Client {
			redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
			postLogoutRedirectUris = postLogoutRedirectUris == null ? List.of() : List.copyOf(postLogoutRedirectUris);
			scopes = scopes == null ? List.of("openid") : List.copyOf(scopes);
			roles = roles == null ? List.of() : List.copyOf(roles);
		}
	}
}
