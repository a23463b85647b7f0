package ec.gob.iess.clave.session;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates API calls that carry {@code Authorization: Bearer <accessToken>}. */
public class BearerTokenFilter extends OncePerRequestFilter {

	public static final String TOKEN_ATTRIBUTE = BearerTokenFilter.class.getName() + ".token";

	private final AccessTokens accessTokens;

	public BearerTokenFilter(AccessTokens accessTokens) {
		this.accessTokens = accessTokens;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			String token = header.substring(7).trim();
			accessTokens.resolve(token).ifPresent(principal -> {
				var authentication = UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.authorities());
				SecurityContextHolder.getContext().setAuthentication(authentication);
				request.setAttribute(TOKEN_ATTRIBUTE, token);
			});
		}
		chain.doFilter(request, response);
	}
}
