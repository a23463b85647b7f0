package ec.gob.iess.demo.servicio;

import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionInformation;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionRegistry;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenID Connect Back-Channel Logout 1.0 at Spring's own address for it: the logout token is verified (ES256
 * against Clave's JWKS, {@code iss}, {@code aud}, {@code iat}/{@code exp}, {@code typ: logout+jwt}, the
 * back-channel event, no {@code nonce}) and every session Spring's {@link OidcSessionRegistry} recorded for
 * that person is ended. Spring Security's own {@code oidcLogout().backChannel()} verifies logout tokens only
 * with RS256 and cannot be given another decoder (spring-security#15273, #19704), so this endpoint does its
 * part with Spring's public pieces (decision 116).
 */
@RestController
class BackChannelLogoutEndpoint {

	static final String PATH = DemoServiceSettings.BACK_CHANNEL_LOGOUT;
	private static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

	private final NimbusJwtDecoder logoutTokens;
	private final OidcSessionRegistry oidcSessions;
	private final DemoSessions sessions;

	BackChannelLogoutEndpoint(DemoServiceSettings settings, OidcSessionRegistry oidcSessions, DemoSessions sessions) {
		this.oidcSessions = oidcSessions;
		this.sessions = sessions;
		this.logoutTokens = NimbusJwtDecoder.withJwkSetUri(settings.clave() + "/oauth2/jwks")
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.build();
		OAuth2TokenValidator<Jwt> noNonce = jwt -> jwt.hasClaim("nonce")
				? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_request", "nonce in a logout token", null))
				: OAuth2TokenValidatorResult.success();
		logoutTokens.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
				new JwtIssuerValidator(settings.issuer()), new JwtTypeValidator("logout+jwt"),
				new JwtClaimValidator<List<String>>("aud", audience -> audience != null && audience.contains(settings.clientId())),
				new JwtClaimValidator<Map<String, Object>>("events", events -> events != null && events.containsKey(EVENT)),
				new JwtClaimValidator<String>("sub", subject -> subject != null && !subject.isBlank()), noNonce));
		logoutTokens.setClaimSetConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverter());
	}

	@PostMapping(PATH)
	ResponseEntity<Map<String, String>> logout(@RequestParam(name = "logout_token", required = false) String token) {
		Jwt jwt;
		try {
			jwt = logoutTokens.decode(token == null ? "" : token);
		}
		catch (JwtException invalid) {
			return ResponseEntity.badRequest().body(Map.of("error", "invalid_request"));
		}
		OidcLogoutToken logout = OidcLogoutToken.withTokenValue(jwt.getTokenValue()).claims(claims -> claims.putAll(jwt.getClaims())).build();
		for (OidcSessionInformation ended : oidcSessions.removeSessionInformation(logout)) {
			sessions.invalidate(ended.getSessionId());
		}
		return ResponseEntity.ok().header("Cache-Control", "no-store").build();
	}
}
