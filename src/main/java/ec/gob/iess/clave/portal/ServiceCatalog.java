package ec.gob.iess.clave.portal;

import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The services of the seed, each with the roles that see it and its address. */
@Repository
public class ServiceCatalog {

	/** @param url absolute, or relative to {@code clave.services.base-url} */
	public record ServiceEntry(String code, Set<String> roles, String url) {
	}

	private final JdbcClient jdbc;
	private final PortalSettings settings;

	ServiceCatalog(JdbcClient jdbc, PortalSettings settings) {
		this.jdbc = jdbc;
		this.settings = settings;
	}

	public List<ServiceEntry> forRoles(Set<String> roles) {
		return jdbc.sql("select code, roles, url from services order by position")
			.query((rs, n) -> new ServiceEntry(rs.getString(1), Set.of(rs.getString(2).split(",")), resolve(rs.getString(3))))
			.list()
			.stream()
			.filter(entry -> entry.roles().stream().anyMatch(roles::contains))
			.toList();
	}

	private String resolve(String url) {
		if (url.startsWith("http://") || url.startsWith("https://")) {
			return url;
		}
		String base = settings.baseUrl().toString();
		return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + url;
	}

}
