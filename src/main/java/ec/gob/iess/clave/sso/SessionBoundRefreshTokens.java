package ec.gob.iess.clave.sso;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

import ec.gob.iess.clave.session.SessionSettings;

import org.springframework.security.crypto.keygen.Base64StringKeyGenerator;
import org.springframework.security.crypto.keygen.StringKeyGenerator;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Refresh tokens that end with the Clave session they came from: each one (a new one at every use, the
 * used one then refused) expires when the session's absolute timeout (8 h) after the clave was typed
 * passes, however often it was refreshed. Logout, a clave change or reset and a suspension end them
 * sooner ({@link SsoEnding}).
 */
final class SessionBoundRefreshTokens implements OAuth2TokenGenerator<OAuth2RefreshToken> {

	private final StringKeyGenerator values = new Base64StringKeyGenerator(Base64.getUrlEncoder().withoutPadding(), 96);
	private final SessionSettings sessions;
	private final Clock clock;

	SessionBoundRefreshTokens(SessionSettings sessions, Clock clock) {
		this.sessions = sessions;
		this.clock = clock;
	}

	@Override
	public OAuth2RefreshToken generate(OAuth2TokenContext context) {
		if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())
				|| !context.getRegisteredClient().getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)) {
			return null;
		}
		Instant now = clock.instant();
		Instant sessionEnd = SsoPrincipal.authTime(context.getPrincipal()).plus(sessions.absoluteTimeout());
		return new OAuth2RefreshToken(values.generateKey(), now, sessionEnd.isAfter(now) ? sessionEnd : now);
	}
}
