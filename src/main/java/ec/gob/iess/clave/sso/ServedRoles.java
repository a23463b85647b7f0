package ec.gob.iess.clave.sso;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The authorization endpoint's own provider, refusing with {@code access_denied} (to the service's
 * registered address, which Spring has already checked) a person none of whose roles the service serves.
 */
final class ServedRoles implements AuthenticationProvider {

	private final AuthenticationProvider authorizationCodes;
	private final RegisteredClientRepository clients;

	ServedRoles(AuthenticationProvider authorizationCodes, RegisteredClientRepository clients) {
		this.authorizationCodes = authorizationCodes;
		this.clients = clients;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		if (authentication instanceof OAuth2AuthorizationCodeRequestAuthenticationToken request
				&& request.getPrincipal() instanceof Authentication person && person.isAuthenticated()
				&& !(person instanceof AnonymousAuthenticationToken)) {
			RegisteredClient client = clients.findByClientId(request.getClientId());
			// Only ever to an address the service registered: the error goes there.
			if (client != null && client.getRedirectUris().contains(request.getRedirectUri())
					&& !ClientRegistrations.serves(client, SsoPrincipal.roles(person))) {
				throw new OAuth2AuthorizationCodeRequestAuthenticationException(
						new OAuth2Error(OAuth2ErrorCodes.ACCESS_DENIED, "El servicio no atiende a esta persona.", null),
						request);
			}
		}
		return authorizationCodes.authenticate(authentication);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return authorizationCodes.supports(authentication);
	}
}
