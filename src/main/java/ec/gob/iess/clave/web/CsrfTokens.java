package ec.gob.iess.clave.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import ec.gob.iess.clave.session.Secrets;
import ec.gob.iess.clave.session.ServerKeys;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;

/**
 * Where the CSRF token of a form lives. Signed in, in the web session, as before: bound to that session
 * and renewed with its id at every sign-in ({@code WebSignIn}). Anonymous, in a signed double-submit
 * cookie {@code __Host-clave-csrf} ({@code token.HMAC(key, token)}, {@code Secure}, {@code HttpOnly},
 * {@code SameSite=Lax}) that the form repeats: looking at a page then writes no session row, so a load
 * tool cannot fill the session table and a visit costs no write (docs/decisions.md NN). The signature
 * keeps a cookie planted by someone else (an older subdomain, a plain-HTTP network) worthless; the form's
 * copy is masked per page by Spring's XOR handler, as before.
 */
final class CsrfTokens implements CsrfTokenRepository {

	static final String COOKIE = "__Host-clave-csrf";
	static final String PURPOSE = "csrf";

	private static final String PARAMETER = "_csrf";
	private static final String HEADER = "X-CSRF-TOKEN";
	private static final int MAX_COOKIE_LENGTH = 200;

	private final HttpSessionCsrfTokenRepository sessionTokens = new HttpSessionCsrfTokenRepository();
	private final Supplier<String> key;
	private volatile SecretKeySpec macKey;

	CsrfTokens(CsrfSettings settings, ServerKeys serverKeys) {
		this.key = () -> settings.hmacKey() != null ? settings.hmacKey() : serverKeys.key(PURPOSE);
	}

	@Override
	public CsrfToken generateToken(HttpServletRequest request) {
		return new DefaultCsrfToken(HEADER, PARAMETER, Secrets.newToken());
	}

	@Override
	public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		if (signedIn(session)) {
			sessionTokens.saveToken(token, request, response);
			return;
		}
		ResponseCookie.ResponseCookieBuilder cookie = ResponseCookie.from(COOKIE, token == null ? "" : signed(token.getToken()))
			.path("/")
			.secure(true)
			.httpOnly(true)
			.sameSite("Lax");
		if (token == null) {
			cookie.maxAge(0);
			if (session != null) {
				sessionTokens.saveToken(null, request, response);
			}
		}
		response.addHeader(HttpHeaders.SET_COOKIE, cookie.build().toString());
	}

	@Override
	public CsrfToken loadToken(HttpServletRequest request) {
		if (signedIn(request.getSession(false))) {
			return sessionTokens.loadToken(request);
		}
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		for (Cookie cookie : cookies) {
			if (COOKIE.equals(cookie.getName())) {
				String token = verified(cookie.getValue());
				if (token != null) {
					return new DefaultCsrfToken(HEADER, PARAMETER, token);
				}
			}
		}
		return null;
	}

	/** A session that holds a signed-in principal; a session kept only for a flow's step is still anonymous. */
	private static boolean signedIn(HttpSession session) {
		try {
			return session != null
					&& session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) != null;
		}
		catch (IllegalStateException invalidated) {
			return false;
		}
	}

	private String signed(String token) {
		return token + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(token));
	}

	private String verified(String value) {
		if (value == null || value.length() > MAX_COOKIE_LENGTH) {
			return null;
		}
		int dot = value.indexOf('.');
		if (dot < 1) {
			return null;
		}
		String token = value.substring(0, dot);
		byte[] signature;
		try {
			signature = Base64.getUrlDecoder().decode(value.substring(dot + 1));
		}
		catch (IllegalArgumentException notBase64) {
			return null;
		}
		return MessageDigest.isEqual(mac(token), signature) ? token : null;
	}

	private byte[] mac(String token) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(macKey());
			return mac.doFinal(("clave-csrf|" + token).getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	private SecretKeySpec macKey() {
		SecretKeySpec known = macKey;
		if (known == null) {
			known = new SecretKeySpec(key.get().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
			macKey = known;
		}
		return known;
	}

	/**
	 * Spring's XOR handler, except that a token that cannot be decoded (not Base64, not UTF-8 once unmasked)
	 * or a parameter the container cannot parse counts as no token: 403 with the Spanish page, not a 500
	 * with a stack trace in the log.
	 */
	static final class Handler implements CsrfTokenRequestHandler {

		private final XorCsrfTokenRequestAttributeHandler xor = new XorCsrfTokenRequestAttributeHandler();

		@Override
		public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
			xor.handle(request, response, token);
		}

		@Override
		public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
			try {
				return xor.resolveCsrfTokenValue(request, token);
			}
			catch (IllegalArgumentException | IllegalStateException malformed) {
				return null;
			}
		}
	}
}
