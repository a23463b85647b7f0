package ec.gob.iess.clave.session;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a web session that has lived longer than the absolute timeout, however active it was: the
 * idle timeout alone would let a stolen, busy session live for ever.
 */
public class AbsoluteTimeoutFilter extends OncePerRequestFilter {

	private final SessionSettings settings;
	private final Clock clock;

	public AbsoluteTimeoutFilter(SessionSettings settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		if (session != null) {
			Instant created = Instant.ofEpochMilli(session.getCreationTime());
			if (created.plus(settings.absoluteTimeout()).isBefore(clock.instant())) {
				session.invalidate();
			}
		}
		chain.doFilter(request, response);
	}
}
