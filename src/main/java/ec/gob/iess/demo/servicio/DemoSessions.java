package ec.gob.iess.demo.servicio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

/** The service's open web sessions by id, so a back-channel logout can end the ones Spring names. */
final class DemoSessions implements HttpSessionListener, HttpSessionIdListener {

	private final Map<String, HttpSession> open = new ConcurrentHashMap<>();

	@Override
	public void sessionCreated(HttpSessionEvent event) {
		open.put(event.getSession().getId(), event.getSession());
	}

	@Override
	public void sessionDestroyed(HttpSessionEvent event) {
		open.remove(event.getSession().getId());
	}

	@Override
	public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
		open.remove(oldSessionId);
		open.put(event.getSession().getId(), event.getSession());
	}

	/** Ends the session if it is still open; answers whether it was. */
	boolean invalidate(String id) {
		HttpSession session = open.remove(id);
		if (session == null) {
			return false;
		}
		try {
			session.invalidate();
		}
		catch (IllegalStateException alreadyEnded) {
			return false;
		}
		return true;
	}
}
