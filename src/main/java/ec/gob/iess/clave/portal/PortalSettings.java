package ec.gob.iess.clave.portal;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code clave.services.base-url}: where the catalogue's relative service addresses live. */
@ConfigurationProperties("clave.services")
public record PortalSettings(URI baseUrl) {

	public PortalSettings {
		baseUrl = baseUrl == null ? URI.create("https://www.iess.gob.ec") : baseUrl;
	}
}
