package ec.gob.iess.clave.web;

import java.util.List;

import org.springframework.http.HttpMethod;

/**
 * Which API calls need a bearer token, in one place: the API filter chain enforces it
 * ({@link SecurityConfiguration}) and the published contract declares it ({@link OpenApiConfiguration}).
 * Every call under {@code /api/} not listed as public needs a token.
 */
final class ApiAccess {

	/** Calls without a token. */
	static final List<String> PUBLIC_POST = List.of("/api/v1/login", "/api/v1/staff/login", "/api/v1/password/change",
			"/api/v1/password/recovery", "/api/v1/password/reset", "/api/v1/unlock", "/api/v1/unlock/confirm",
			"/api/v1/fraud-report", "/api/v1/contact/confirm");

	static final List<String> PUBLIC_GET = List.of("/api/v1/captcha");

	/** Public calls that take a person's token when one is sent: Cambio de clave with the token of a temporary clave. */
	static final List<String> OPTIONAL_TOKEN = List.of("/api/v1/password/change");

	/** What a token of a temporary clave reaches besides {@link #OPTIONAL_TOKEN} (API.md: the TEMPORAL restriction). */
	static final List<String> TEMPORAL = List.of("/api/v1/me", "/api/v1/logout");

	private ApiAccess() {
	}

	enum Token {
		NONE, OPTIONAL, REQUIRED
	}

	/** For a documented call: {@code path} as the document writes it ({@code /api/v1/staff/persons/{cedula}}). */
	static Token token(HttpMethod method, String path) {
		if (OPTIONAL_TOKEN.contains(path)) {
			return Token.OPTIONAL;
		}
		boolean open = HttpMethod.POST.equals(method) && PUBLIC_POST.contains(path)
				|| HttpMethod.GET.equals(method) && PUBLIC_GET.contains(path);
		return open ? Token.NONE : Token.REQUIRED;
	}

	/** Whether a token of a temporary clave is refused with PASSWORD_CHANGE_REQUIRED (rather than let through). */
	static boolean refusesTemporary(String path) {
		return !TEMPORAL.contains(path) && !OPTIONAL_TOKEN.contains(path);
	}
}
