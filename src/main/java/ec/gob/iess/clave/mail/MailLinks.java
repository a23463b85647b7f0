package ec.gob.iess.clave.mail;

import ec.gob.iess.clave.web.ClaveSettings;

import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Links in emails, built from {@code clave.base-url} alone: never from the request's Host or
 * X-Forwarded-Host, which an attacker chooses (SECURITY.md 13).
 */
@Component
public class MailLinks {

	private final ClaveSettings settings;

	MailLinks(ClaveSettings settings) {
		this.settings = settings;
	}

	/** {@code {base-url}{path}?token=<token>}, e.g. {@code link("/recuperar/clave", token)}. */
	public String link(String path, String token) {
		if (token == null || token.isBlank()) {
			throw new IllegalArgumentException("a link needs a token");
		}
		return builder(path).queryParam("token", token).encode().build().toUriString();
	}

	/** {@code {base-url}{path}}: a page of Clave named in a notice, without a token. */
	public String page(String path) {
		return builder(path).encode().build().toUriString();
	}

	/** {@code {base-url}{path}?{name}={value}}, e.g. {@code page("/desbloqueo", "tipo", "empleador")}. */
	public String page(String path, String name, String value) {
		return builder(path).queryParam(name, value).encode().build().toUriString();
	}

	private UriComponentsBuilder builder(String path) {
		if (path == null || !path.startsWith("/") || path.startsWith("//") || path.contains("?") || path.contains("#")) {
			throw new IllegalArgumentException("a path of Clave, starting with /");
		}
		String base = settings.baseUrl().toString();
		base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
		return UriComponentsBuilder.fromUriString(base + path);
	}
}
