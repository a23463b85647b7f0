package ec.gob.iess.clave.web;

import jakarta.servlet.http.HttpServletRequest;

import ec.gob.iess.clave.audit.Channel;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.session.ClavePrincipal;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The {@link Origin} of a request. The source address is {@code getRemoteAddr()}: Tomcat puts the
 * client's address there only when the request came through a configured trusted proxy
 * ({@code server.forward-headers-strategy=native}, {@code server.tomcat.remoteip.internal-proxies});
 * an {@code X-Forwarded-For} from anyone else is ignored.
 */
public final class RequestOrigins {

	private RequestOrigins() {
	}

	public static Origin of(HttpServletRequest request) {
		Channel channel = request.getRequestURI().startsWith(request.getContextPath() + "/api/") ? Channel.API : Channel.WEB;
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof ClavePrincipal principal
				&& principal.kind() == ClavePrincipal.Kind.STAFF) {
			return Origin.staff(principal.username(), principal.center(), channel, request.getRemoteAddr());
		}
		return new Origin(actor(), channel, request.getRemoteAddr());
	}

	public static boolean isApi(HttpServletRequest request) {
		return request.getRequestURI().startsWith(request.getContextPath() + "/api/");
	}

	private static String actor() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof ClavePrincipal principal) {
			return principal.username();
		}
		return Origin.ANONYMOUS;
	}
}
