package ec.gob.iess.clave.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * Where a person goes once signed in, when a page sent them to Ingresar first (a service's single sign-on
 * request): a path of this site kept in the session, taken once. Ingresar, the forced Cambio de clave and
 * the acuerdo de uso send there instead of the services menu. Only paths are kept, never a host (SECURITY.md
 * 13), so nothing sent here can lead elsewhere.
 */
public final class AfterSignIn {

	private static final String NEXT = AfterSignIn.class.getName() + ".next";

	private AfterSignIn() {
	}

	/** Keeps {@code path} (with its query) for after the sign-in; creates the session when there is none. */
	public static void remember(HttpServletRequest request, String path) {
		if (!isLocalPath(path)) {
			throw new IllegalArgumentException("only a path of this site");
		}
		request.getSession(true).setAttribute(NEXT, path);
	}

	/** The path kept by {@link #remember}, forgotten as it is answered; {@code fallback} when none. */
	public static String next(HttpServletRequest request, String fallback) {
		HttpSession session = request.getSession(false);
		if (session != null && session.getAttribute(NEXT) instanceof String path) {
			session.removeAttribute(NEXT);
			return path;
		}
		return fallback;
	}

	/** The path (without the context path) and query of this request, as {@link #remember} keeps it. */
	public static String here(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return request.getQueryString() == null ? path : path + "?" + request.getQueryString();
	}

	private static boolean isLocalPath(String path) {
		return path != null && path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\")
				&& path.chars().noneMatch(c -> c < 0x20);
	}
}
