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
 * ({@code server.forward-headers-strategy=native}, {@code server.tomcat.remoteip.internal-proxies}, which
 * must then be set: {@link TrustedProxies}); an {@code X-Forwarded-For} from anyone else is ignored. Only a
 * parsed address is kept ({@link IpAddresses}): what a proxy forwards may be any string.
 */
public final class RequestOrigins {

	private RequestOrigins() {
	}

	public static Origin of(HttpServletRequest request) {
		Channel channel = request.getRequestURI().startsWith(request.getContextPath() + "/api/") ? Channel.API : Channel.WEB;
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof ClavePrincipal principal
				&& principal.kind() == ClavePrincipal.Kind.STAFF) {
			return Origin.staff(principal.username(), principal.center(), channel, ip(request));
		}
		return new Origin(actor(), channel, ip(request));
	}

	/** The client's address in canonical form, or {@code null} when what the proxy forwarded is no address. */
	public static String ip(HttpServletRequest request) {
		return IpAddresses.normalised(request.getRemoteAddr());
	}

	/**
	 * Whether the request comes from this machine itself: the TCP peer of the connection is a loopback
	 * address (not {@code getRemoteAddr()}, which a trusted proxy's header sets) and no proxy relayed it.
	 */
	public static boolean fromThisMachine(HttpServletRequest request) {
		if (!(request.getAttribute(TrustedProxies.PEER_ADDRESS) instanceof String peer)) {
			return false;
		}
		var address = IpAddresses.parse(peer);
		// A trusted proxy's header changes the remote address (and Tomcat then drops the header).
		return address != null && address.isLoopbackAddress() && peer.equals(request.getRemoteAddr())
				&& TrustedProxies.FORWARDING_HEADERS.stream().noneMatch(header -> request.getHeader(header) != null);
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
