package ec.gob.iess.clave.sso;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * A refused authorization request. Spring leaves the redirect address out of the error when the client or
 * the address is not registered (or the request is malformed before either is known): then the person sees
 * a Clave page in Spanish and nothing is redirected anywhere (SECURITY.md 28). Otherwise the error goes back
 * to the registered address as RFC 6749 §4.1.2.1 says, with the {@code state} unchanged.
 */
@Component
class AuthorizationErrors implements AuthenticationFailureHandler {

	static final String PAGE = "/sso/solicitud-no-valida";

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, ServletException {
		OAuth2AuthorizationCodeRequestAuthenticationToken authorization = exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException refused
				? refused.getAuthorizationCodeRequestAuthentication() : null;
		if (authorization == null || !StringUtils.hasText(authorization.getRedirectUri())) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			request.getRequestDispatcher(PAGE).forward(request, response);
			return;
		}
		OAuth2Error error = ((OAuth2AuthorizationCodeRequestAuthenticationException) exception).getError();
		UriComponentsBuilder address = UriComponentsBuilder.fromUriString(authorization.getRedirectUri())
			.queryParam(OAuth2ParameterNames.ERROR, error.getErrorCode());
		if (StringUtils.hasText(error.getDescription())) {
			address.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION,
					UriUtils.encode(error.getDescription(), StandardCharsets.UTF_8));
		}
		if (StringUtils.hasText(authorization.getState())) {
			address.queryParam(OAuth2ParameterNames.STATE, UriUtils.encode(authorization.getState(), StandardCharsets.UTF_8));
		}
		response.sendRedirect(address.build(true).toUriString());
	}
}
