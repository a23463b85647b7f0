package ec.gob.iess.clave.session;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The signed-in party of a web session or an access token.
 *
 * <p>A person whose clave is {@code TEMPORAL} gets a {@link Stage#PASSWORD_CHANGE} principal: its only
 * authority is {@code PASSWORD_CHANGE}, so nothing but Cambio de clave (and logout) is reachable.
 *
 * @param username cédula or RUC for people, the staff username for staff
 * @param kind person (asegurado or empleador) or staff
 * @param roles AFILIADO/PENSIONISTA/BENEFICIARIO/EMPLEADOR for people, AGENTE/SUPERVISOR/ADMINISTRADOR for staff
 * @param stage whether the principal may use everything or only Cambio de clave
 * @param center the staff member's Centro de Atención Universal, {@code null} for people
 */
public record ClavePrincipal(String username, Kind kind, Set<String> roles, Stage stage, String center)
		implements AuthenticatedPrincipal, Serializable {

	public enum Kind { PERSON, STAFF }

	public enum Stage { FULL, PASSWORD_CHANGE }

	public static final String PERSON = "PERSON";
	public static final String STAFF = "STAFF";
	public static final String PASSWORD_CHANGE = "PASSWORD_CHANGE";

	public ClavePrincipal {
		roles = Set.copyOf(roles);
	}

	public static ClavePrincipal person(String username, Set<String> roles, boolean changeRequired) {
		return new ClavePrincipal(username, Kind.PERSON, roles, changeRequired ? Stage.PASSWORD_CHANGE : Stage.FULL, null);
	}

	public static ClavePrincipal staff(String username, Set<String> roles, String center) {
		return new ClavePrincipal(username, Kind.STAFF, roles, Stage.FULL, center);
	}

	public boolean changeRequired() {
		return stage == Stage.PASSWORD_CHANGE;
	}

	public ClavePrincipal withFullAccess() {
		return new ClavePrincipal(username, kind, roles, Stage.FULL, center);
	}

	@Override
	public String getName() {
		return username;
	}

	public Collection<GrantedAuthority> authorities() {
		List<GrantedAuthority> authorities = new ArrayList<>();
		if (changeRequired()) {
			authorities.add(new SimpleGrantedAuthority(PASSWORD_CHANGE));
			return authorities;
		}
		authorities.add(new SimpleGrantedAuthority(kind == Kind.PERSON ? PERSON : STAFF));
		roles.forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
		return authorities;
	}
}
