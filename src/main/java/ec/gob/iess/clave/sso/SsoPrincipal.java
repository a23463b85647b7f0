package ec.gob.iess.clave.sso;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import ec.gob.iess.clave.session.ClavePrincipal;
import ec.gob.iess.clave.session.WebSignIn;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The person as the authorization server keeps them with each authorization (in the database, as JSON):
 * the account's number, the roles, and when the clave was typed. Only types that Spring Security's JSON
 * mapping already knows (a name, simple authorities, a map of strings), never the session's own principal.
 */
final class SsoPrincipal {

	private static final String ROLE = "ROLE_";
	private static final String AUTH_TIME = "auth_time";
	private static final String AMR = "amr";

	private SsoPrincipal() {
	}

	/** @param methods how the person signed in, as {@code amr} (the clave's "pwd", or a passkey's) */
	static Authentication of(ClavePrincipal person, Instant signedInAt, List<String> methods) {
		List<GrantedAuthority> roles = person.roles().stream()
			.<GrantedAuthority>map(role -> new SimpleGrantedAuthority(ROLE + role))
			.toList();
		UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken
			.authenticated(person.username(), null, roles);
		Map<String, String> details = new HashMap<>();
		details.put(AUTH_TIME, Long.toString(signedInAt.getEpochSecond()));
		details.put(AMR, String.join(" ", methods));
		authentication.setDetails(details);
		return authentication;
	}

	static Set<String> roles(Authentication authentication) {
		Set<String> roles = new TreeSet<>();
		authentication.getAuthorities().forEach(authority -> {
			if (authority.getAuthority().startsWith(ROLE)) {
				roles.add(authority.getAuthority().substring(ROLE.length()));
			}
		});
		return roles;
	}

	/** The {@code amr} of the sign-in; "pwd" for authorizations stored before it was kept. */
	static List<String> amr(Authentication authentication) {
		if (authentication.getDetails() instanceof Map<?, ?> details && details.get(AMR) instanceof String methods) {
			return List.of(methods.split(" "));
		}
		return WebSignIn.CLAVE;
	}

	static Instant authTime(Authentication authentication) {
		if (authentication.getDetails() instanceof Map<?, ?> details && details.get(AUTH_TIME) instanceof String seconds) {
			return Instant.ofEpochSecond(Long.parseLong(seconds));
		}
		throw new IllegalStateException("an authorization without the time the clave was typed");
	}
}
