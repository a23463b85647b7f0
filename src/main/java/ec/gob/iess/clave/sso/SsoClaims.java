package ec.gob.iess.clave.sso;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import ec.gob.iess.clave.credential.AccountKind;
import ec.gob.iess.clave.credential.Username;
import ec.gob.iess.clave.identity.AccountHolders;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * What a service learns of a person, by the scopes it was granted (API.md): {@code sub} always, pairwise;
 * {@code profile} the names; {@code cedula} the number and the kind of account; {@code roles}; {@code email}
 * the address verified in person. The same claims in the ID token and at userinfo. Lists are {@code ArrayList}s:
 * the token's claims are kept as JSON with their types, and Spring reads back only the types it knows.
 */
@Component
class SsoClaims {

	static final String CEDULA = "cedula";
	static final String ROLES = "roles";

	private final AccountHolders holders;
	private final PairwiseSubjects subjects;

	SsoClaims(AccountHolders holders, PairwiseSubjects subjects) {
		this.holders = holders;
		this.subjects = subjects;
	}

	String subject(String clientId, Authentication person) {
		return subjects.subject(clientId, person.getName());
	}

	Map<String, Object> of(String clientId, Authentication person, Set<String> scopes) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", subject(clientId, person));
		String username = person.getName();
		AccountKind kind = Username.parse(username).kind();
		if (scopes.contains(CEDULA)) {
			claims.put(CEDULA, username);
			claims.put("account_kind", kind.name());
		}
		if (scopes.contains(ROLES)) {
			claims.put(ROLES, new ArrayList<>(SsoPrincipal.roles(person)));
		}
		if (scopes.contains("profile") || scopes.contains("email")) {
			holders.find(username).ifPresent(holder -> {
				if (scopes.contains("profile")) {
					claims.put("name", holder.names());
					if (kind == AccountKind.ASEGURADO) {
						claims.put("given_name", holder.person().firstNames());
						claims.put("family_name", holder.person().lastNames());
					}
				}
				if (scopes.contains("email") && holder.hasVerifiedContact()) {
					claims.put("email", holder.email().value());
					claims.put("email_verified", true);
				}
			});
		}
		return claims;
	}
}
