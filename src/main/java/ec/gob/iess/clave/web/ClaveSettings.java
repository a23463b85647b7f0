package ec.gob.iess.clave.web;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings every module reads. {@code baseUrl} is the only source of links in emails and of the
 * origin that form posts must come from: never the request's Host header.
 */
@ConfigurationProperties("clave")
public record ClaveSettings(URI baseUrl) {

	public ClaveSettings {
		baseUrl = baseUrl == null ? URI.create("http://localhost:8080") : baseUrl;
	}

	/** {@code scheme://host[:port]} of the base URL, as browsers send it in {@code Origin}. */
	public String origin() {
		String port = baseUrl.getPort() == -1 ? "" : ":" + baseUrl.getPort();
		return baseUrl.getScheme() + "://" + baseUrl.getHost() + port;
	}
}
