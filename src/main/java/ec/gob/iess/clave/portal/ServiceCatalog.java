package ec.gob.iess.clave.portal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The services of the seed, each with the roles that see it and its address. The administrator's page
 * changes an entry's roles and address or adds one (decision 90); every change is audited, as it changes
 * what people see.
 */
@Repository
public class ServiceCatalog {

	/** The roles a person's or an employer's session carries: the menu is chosen by them. */
	public static final List<String> ROLES = List.of("AFILIADO", "PENSIONISTA", "BENEFICIARIO", "EMPLEADOR");

	/** Why a change is refused: the {@code detail} of 400 INVALID_REQUEST, the field the page names. */
	public static final String CODE_INVALID = "centro.services.code.invalid";
	public static final String CODE_TAKEN = "centro.services.code.taken";
	public static final String NAME_INVALID = "centro.services.name.invalid";
	public static final String ROLES_INVALID = "centro.services.roles.invalid";
	public static final String URL_INVALID = "centro.services.url.invalid";
	/** The entry launches a single sign-on client: its roles and address follow the client's registration. */
	public static final String LAUNCHED_BY_CLIENT = "centro.services.launched";

	private static final Pattern CODE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

	/**
	 * @param name the name typed when the service was added from the administrator's page, or {@code null}
	 *        for the seed's services, named by the bundles ({@code service.<code>})
	 * @param url absolute, or relative to {@code clave.services.base-url}
	 * @param clientId the single sign-on client the entry launches, or {@code null} for a plain link
	 */
	public record ServiceEntry(String code, String name, Set<String> roles, String url, String clientId) {
	}

	private final JdbcClient jdbc;
	private final PortalSettings settings;
	private final AuditLog audit;

	ServiceCatalog(JdbcClient jdbc, PortalSettings settings, AuditLog audit) {
		this.jdbc = jdbc;
		this.settings = settings;
		this.audit = audit;
	}

	/** The menu of a session with these roles, addresses resolved. */
	public List<ServiceEntry> forRoles(Set<String> roles) {
		return all().stream()
			.filter(entry -> entry.roles().stream().anyMatch(roles::contains))
			.map(entry -> new ServiceEntry(entry.code(), entry.name(), entry.roles(), resolve(entry.url()), entry.clientId()))
			.toList();
	}

	/** Every entry in the menu's order, addresses as stored (for the administrator's page). */
	public List<ServiceEntry> all() {
		return jdbc.sql("select code, name, roles, url, client_id from services order by position, code").query(ServiceCatalog::entry)
			.list();
	}

	/**
	 * Changes who sees the entry and where it leads, audited with the old and the new values. An entry that
	 * launches a single sign-on client is not changed here (decision 160): its roles are the client's and its
	 * address is the service's start page, both set by the client's registration.
	 *
	 * @throws Refusal NOT_FOUND for an unknown code; INVALID_REQUEST with the reason as detail
	 *         ({@link #LAUNCHED_BY_CLIENT} for an entry that launches a client)
	 */
	@Transactional
	public void update(String code, Set<String> roles, String url, Origin origin) {
		String stored = checkedUrl(url);
		String storedRoles = checkedRoles(roles);
		ServiceEntry before = jdbc.sql("select code, name, roles, url, client_id from services where code = ? for update")
			.param(code)
			.query(ServiceCatalog::entry)
			.optional()
			.orElseThrow(() -> new Refusal(RefusalCode.NOT_FOUND));
		if (before.clientId() != null) {
			throw Refusal.withDetail(RefusalCode.INVALID_REQUEST, LAUNCHED_BY_CLIENT);
		}
		if (before.url().equals(stored) && before.roles().equals(roles(storedRoles))) {
			return;
		}
		jdbc.sql("update services set roles = ?, url = ? where code = ?").params(storedRoles, stored, code).update();
		audit.record(AuditType.SERVICE_CATALOG_CHANGED, null, Outcome.SUCCESS, origin, "updated " + code + ": roles "
				+ String.join(",", before.roles()) + " -> " + storedRoles + "; url " + before.url() + " -> " + stored);
	}

	/**
	 * Adds an entry at the end of the menu, audited.
	 *
	 * @throws Refusal INVALID_REQUEST with the reason as detail (a code taken or malformed, no name, no role, a
	 *         bad address)
	 */
	@Transactional
	public void add(String code, String name, Set<String> roles, String url, Origin origin) {
		if (code == null || code.length() > 40 || !CODE.matcher(code).matches()) {
			throw Refusal.withDetail(RefusalCode.INVALID_REQUEST, CODE_INVALID);
		}
		String typedName = name == null ? "" : name.strip();
		if (typedName.isEmpty() || typedName.length() > 100) {
			throw Refusal.withDetail(RefusalCode.INVALID_REQUEST, NAME_INVALID);
		}
		String storedRoles = checkedRoles(roles);
		String stored = checkedUrl(url);
		// The head row of the audit is no lock for this table: the code's primary key refuses a twin.
		if (jdbc.sql("select count(*) from services where code = ?").param(code).query(Integer.class).single() > 0) {
			throw Refusal.withDetail(RefusalCode.INVALID_REQUEST, CODE_TAKEN);
		}
		int position = jdbc.sql("select coalesce(max(position), 0) + 10 from services").query(Integer.class).single();
		jdbc.sql("insert into services (code, position, roles, url, name) values (?, ?, ?, ?, ?)")
			.params(code, position, storedRoles, stored, typedName)
			.update();
		audit.record(AuditType.SERVICE_CATALOG_CHANGED, null, Outcome.SUCCESS, origin,
				"added " + code + " (" + typedName + "): roles " + storedRoles + "; url " + stored);
	}

	/**
	 * An address a menu may link to: {@code https://} or {@code http://} with a host, or a path on the
	 * services' base ({@code /…}, not {@code //…}); no spaces, at most 500 characters. Anything else
	 * ({@code javascript:}, {@code data:}) is refused.
	 */
	static String checkedUrl(String url) {
		String typed = url == null ? "" : url.strip();
		boolean fits = !typed.isEmpty() && typed.length() <= 500 && typed.chars().noneMatch(c -> c <= ' ' || c == 0x7f);
		if (fits) {
			try {
				URI uri = new URI(typed);
				boolean absolute = ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
				boolean path = uri.getScheme() == null && uri.getRawAuthority() == null && typed.startsWith("/")
						&& !typed.startsWith("//");
				if (absolute || path) {
					return typed;
				}
			}
			catch (URISyntaxException e) {
				// refused below
			}
		}
		throw Refusal.withDetail(RefusalCode.INVALID_REQUEST, URL_INVALID);
	}

	private static String checkedRoles(Set<String> roles) {
		if (roles == null || roles.isEmpty() || !ROLES.containsAll(roles)) {
			throw Refusal.withDetail(RefusalCode.INVALID_REQUEST, ROLES_INVALID);
		}
		return ROLES.stream().filter(roles::contains).collect(Collectors.joining(","));
	}

	/**
	 * The entry now launches this single sign-on client: it leads to the service's start address and is seen
	 * by the roles the client serves (all of them for a client that serves everyone), so the menu never offers
	 * a service that would refuse the person. Another entry that launched the client no longer does. Audited.
	 *
	 * @throws Refusal NOT_FOUND for an unknown code; INVALID_REQUEST (URL_INVALID) for a bad address
	 */
	@Transactional
	public void launchThrough(String code, String clientId, String url, Set<String> clientRoles, Origin origin) {
		String stored = checkedUrl(url);
		if (!stored.startsWith("http://") && !stored.startsWith("https://")) {
			throw Refusal.withDetail(RefusalCode.INVALID_REQUEST, URL_INVALID);
		}
		String storedRoles = clientRoles.isEmpty() ? String.join(",", ROLES) : checkedRoles(clientRoles);
		if (jdbc.sql("select count(*) from services where code = ? and client_id = ? and url = ? and roles = ?")
			.params(code, clientId, stored, storedRoles)
			.query(Integer.class)
			.single() > 0) {
			return;
		}
		jdbc.sql("update services set client_id = null where client_id = ? and code <> ?").params(clientId, code).update();
		if (jdbc.sql("update services set client_id = ?, url = ?, roles = ? where code = ?")
			.params(clientId, stored, storedRoles, code)
			.update() == 0) {
			throw new Refusal(RefusalCode.NOT_FOUND);
		}
		audit.record(AuditType.SERVICE_CATALOG_CHANGED, null, Outcome.SUCCESS, origin,
				"launched " + code + " through client " + clientId + ": roles " + storedRoles + "; url " + stored);
	}

	/** The client's roles changed: the entry launching it follows (nothing when no entry launches it). */
	@Transactional
	public void clientRolesChanged(String clientId, Set<String> clientRoles) {
		String storedRoles = clientRoles.isEmpty() ? String.join(",", ROLES) : checkedRoles(clientRoles);
		jdbc.sql("update services set roles = ? where client_id = ?").params(storedRoles, clientId).update();
	}

	/** The client was removed: the entry that launched it stays in the menu as a plain link, audited. */
	@Transactional
	public void clientRemoved(String clientId, Origin origin) {
		jdbc.sql("select code from services where client_id = ?").param(clientId).query(String.class).optional()
			.ifPresent(code -> {
				jdbc.sql("update services set client_id = null where code = ?").param(code).update();
				audit.record(AuditType.SERVICE_CATALOG_CHANGED, null, Outcome.SUCCESS, origin,
						"client " + clientId + " removed: " + code + " is a plain link again");
			});
	}

	private static ServiceEntry entry(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new ServiceEntry(rs.getString(1), rs.getString(2), roles(rs.getString(3)), rs.getString(4), rs.getString(5));
	}

	private static Set<String> roles(String stored) {
		return Arrays.stream(stored.split(",")).filter(role -> !role.isBlank())
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	private String resolve(String url) {
		if (url.startsWith("http://") || url.startsWith("https://")) {
			return url;
		}
		String base = settings.baseUrl().toString();
		return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + url;
	}

}
