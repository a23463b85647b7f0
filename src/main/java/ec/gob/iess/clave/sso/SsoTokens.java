package ec.gob.iess.clave.sso;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

/**
 * What the signed tokens say. Both carry the pairwise {@code sub} (never the account's number) and are
 * ES256. The ID token adds when and how the person proved who they are ({@code auth_time}, {@code amr},
 * {@code acr}) and the claims of the granted scopes.
 */
@Component
class SsoTokens implements OAuth2TokenCustomizer<JwtEncodingContext> {

	/** Clave's own name for the level a sign-in gives; {@code amr} says whether the clave or a passkey gave it. */
	static final String ACR_CLAVE = "urn:iess:clave:acr:clave";

	private final SsoClaims claims;
	private final Duration idTokenTtl;

	SsoTokens(SsoClaims claims, SsoSettings settings) {
		this.claims = claims;
		this.idTokenTtl = settings.idTokenTtl();
	}

	@Override
	public void customize(JwtEncodingContext context) {
		context.getJwsHeader().algorithm(SignatureAlgorithm.ES256);
		Authentication person = context.getPrincipal();
		String clientId = context.getRegisteredClient().getClientId();
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			context.getClaims().subject(claims.subject(clientId, person));
		}
		else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
			context.getClaims().claims(all -> {
				all.putAll(claims.of(clientId, person, context.getAuthorizedScopes()));
				// A Date: what Nimbus writes as seconds, and what Spring reads back from the stored claims.
				all.put("auth_time", Date.from(SsoPrincipal.authTime(person)));
				all.put("amr", new ArrayList<>(SsoPrincipal.amr(person)));
				all.put("acr", ACR_CLAVE);
				// Spring gives ID tokens 30 minutes whatever the settings; API.md says 5.
				all.put("exp", ((Instant) all.get("iat")).plus(idTokenTtl));
			});
		}
	}
}
