package ec.gob.iess.clave.token;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * The web pages an emailed link opens, the same for every flow: {@code GET …/enlace?token=…} checks
 * the token without writing (mail scanners open links), moves it into this browser's session and
 * redirects to a page without it, so it leaves the address bar and the history at once. An expired
 * link gets a page that offers a new one; anything else, one "not valid or already used" page.
 * These pages send {@code Referrer-Policy: no-referrer} ({@code web.SecurityConfiguration}).
 * This class is the only one that keeps a link in the session, and only a valid link creates one: an
 * anonymous visit writes no session row, and there are no more such sessions than links sent by mail.
 */
@Component
public class LinkPages {

	/**
	 * One flow's pages.
	 *
	 * @param startPage where to ask for a link, e.g. {@code /desbloqueo}
	 * @param nextPage the page without the token that the link leads to, e.g. {@code /desbloqueo/confirmar}
	 * @param refusedView the view of an expired or invalid link; its model has {@code expired}
	 */
	public record Flow(LinkPurpose purpose, String startPage, String nextPage, String refusedView) {
	}

	private final OneTimeLinks links;

	LinkPages(OneTimeLinks links) {
		this.links = links;
	}

	/** {@code GET …/enlace?token=…}: nothing changes but this browser's session. */
	public String open(Flow flow, String token, HttpServletRequest request, Model model) {
		LinkCheck check = links.check(token, flow.purpose());
		if (check instanceof LinkCheck.Valid) {
			request.getSession().setAttribute(key(flow), token);
			return "redirect:" + flow.nextPage();
		}
		return refused(flow, check instanceof LinkCheck.Expired, request, model);
	}

	/**
	 * A {@code GET} of the page the link led to: {@code page} while the held link is still valid, the
	 * refused page once it is not, the start page when this browser holds none.
	 */
	public String show(Flow flow, HttpServletRequest request, Model model, Supplier<String> page) {
		Optional<String> token = held(flow, request);
		if (token.isEmpty()) {
			return "redirect:" + flow.startPage();
		}
		LinkCheck check = links.check(token.get(), flow.purpose());
		if (!(check instanceof LinkCheck.Valid)) {
			return refused(flow, check instanceof LinkCheck.Expired, request, model);
		}
		return page.get();
	}

	/**
	 * A {@code POST} from the page the link led to: {@code action} gets the held token (it decides when
	 * the link is spent, and calls {@link #release}); the start page when this browser holds none.
	 */
	public String use(Flow flow, HttpServletRequest request, Function<String, String> action) {
		return held(flow, request).map(action).orElse("redirect:" + flow.startPage());
	}

	/** The browser holds the link no more: it was used, or refused. */
	public void release(Flow flow, HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.removeAttribute(key(flow));
		}
	}

	/** The page of a link that cannot be used; the browser holds it no more. */
	public String refused(Flow flow, boolean expired, HttpServletRequest request, Model model) {
		release(flow, request);
		model.addAttribute("expired", expired);
		return flow.refusedView();
	}

	private Optional<String> held(Flow flow, HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return session != null && session.getAttribute(key(flow)) instanceof String token ? Optional.of(token)
				: Optional.empty();
	}

	private static String key(Flow flow) {
		return LinkPages.class.getName() + "." + flow.purpose().name();
	}
}
