package ec.gob.iess.clave.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

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
 * The link's time is the time to open it: the session also keeps when it was opened, and the page it
 * led to stays usable for the flow's grace after that, even past the link's own expiry (decision 58).
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
	 * @param grace how long the page stays usable after a link was opened in time
	 */
	public record Flow(LinkPurpose purpose, String startPage, String nextPage, String refusedView, Duration grace) {
	}

	/** The link this browser holds, and when it opened it (none for a session from before openings were kept). */
	public record Held(String token, OneTimeLinks.Opening opening) {
	}

	private final OneTimeLinks links;
	private final Clock clock;

	LinkPages(OneTimeLinks links, Clock clock) {
		this.links = links;
		this.clock = clock;
	}

	/** {@code GET …/enlace?token=…}: nothing changes but this browser's session. */
	public String open(Flow flow, String token, HttpServletRequest request, Model model) {
		LinkCheck check = links.check(token, flow.purpose());
		if (check instanceof LinkCheck.Valid) {
			HttpSession session = request.getSession();
			session.setAttribute(key(flow), token);
			session.setAttribute(openedKey(flow), clock.instant());
			return "redirect:" + flow.nextPage();
		}
		return refused(flow, check, request, model);
	}

	/**
	 * A {@code GET} of the page the link led to: {@code page} (given the account and until when this
	 * browser may use the link) while the held link is still valid, the refused page once it is not, the
	 * start page when this browser holds none.
	 */
	public String show(Flow flow, HttpServletRequest request, Model model, Function<LinkCheck.Valid, String> page) {
		Optional<Held> held = held(flow, request);
		if (held.isEmpty()) {
			return "redirect:" + flow.startPage();
		}
		LinkCheck check = links.check(held.get().token(), flow.purpose(), held.get().opening());
		if (!(check instanceof LinkCheck.Valid valid)) {
			return refused(flow, check, request, model);
		}
		return page.apply(valid);
	}

	/**
	 * A {@code POST} from the page the link led to: {@code action} gets the held link (it decides when
	 * the link is spent, redeeming it with its opening, and calls {@link #release}); the start page when
	 * this browser holds none.
	 */
	public String use(Flow flow, HttpServletRequest request, Function<Held, String> action) {
		return held(flow, request).map(action).orElse("redirect:" + flow.startPage());
	}

	/** The browser holds the link no more: it was used, or refused. */
	public void release(Flow flow, HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.removeAttribute(key(flow));
			session.removeAttribute(openedKey(flow));
		}
	}

	/**
	 * As {@link #refused(Flow, boolean, HttpServletRequest, Model)}; an expired link's holder is told
	 * which kind of account it was for, so that "Solicitar un nuevo enlace" leads to the employer's page
	 * for a RUC ({@code empleador} in the model). An invalid link says nothing of any account.
	 */
	private String refused(Flow flow, LinkCheck check, HttpServletRequest request, Model model) {
		model.addAttribute("empleador", check instanceof LinkCheck.Expired expired && expired.account().length() == 13);
		return refused(flow, check instanceof LinkCheck.Expired, request, model);
	}

	/** The page of a link that cannot be used; the browser holds it no more. */
	public String refused(Flow flow, boolean expired, HttpServletRequest request, Model model) {
		release(flow, request);
		model.addAttribute("expired", expired);
		return flow.refusedView();
	}

	private Optional<Held> held(Flow flow, HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || !(session.getAttribute(key(flow)) instanceof String token)) {
			return Optional.empty();
		}
		OneTimeLinks.Opening opening = session.getAttribute(openedKey(flow)) instanceof Instant at
				? new OneTimeLinks.Opening(at, flow.grace()) : null;
		return Optional.of(new Held(token, opening));
	}

	private static String key(Flow flow) {
		return LinkPages.class.getName() + "." + flow.purpose().name();
	}

	private static String openedKey(Flow flow) {
		return key(flow) + ".opened";
	}
}
