package ec.gob.iess.clave.mail;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.web.PublicPages;
import ec.gob.iess.clave.web.RequestOrigins;

import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The development mailbox: with no mail server, the messages Clave would have sent, newest first, at
 * {@code /dev/correos}. It exists only in the embedded default (H2 and no {@code spring.mail.host}),
 * answers only requests from this machine (the connection's own peer, not a forwarded address), and is
 * open without login there, as a developer's tool.
 */
@Controller
@Conditional(MailMode.DevelopmentMailboxPage.class)
class DevelopmentMailboxController implements PublicPages {

	static final String PATH = "/dev/correos";

	private static final int SHOWN = 50;

	private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"]*[^\\s<>\".,;:!?)]");

	private static final DateTimeFormatter ECUADOR_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss")
		.withZone(ZoneId.of("America/Guayaquil"));

	/** A piece of a text body: plain text, or a link shown clickable. */
	record Segment(String text, boolean link) {
	}

	record Entry(long id, String subject, String recipient, String at, boolean delivered, List<Segment> body) {
	}

	private final MailOutbox outbox;

	DevelopmentMailboxController(MailOutbox outbox) {
		this.outbox = outbox;
	}

	@Override
	public List<String> paths() {
		return List.of(PATH);
	}

	@GetMapping(PATH)
	String mailbox(HttpServletRequest request, Model model) {
		if (!RequestOrigins.fromThisMachine(request)) {
			throw new Refusal(RefusalCode.NOT_FOUND);
		}
		model.addAttribute("messages", outbox.newest(SHOWN).stream()
			.map(m -> new Entry(m.id(), m.subject(), m.recipient(), ECUADOR_TIME.format(m.createdAt()), m.sentAt() != null,
					segments(m.text())))
			.toList());
		return "dev/correos";
	}

	static List<Segment> segments(String text) {
		List<Segment> segments = new ArrayList<>();
		Matcher link = LINK.matcher(text);
		int from = 0;
		while (link.find()) {
			if (link.start() > from) {
				segments.add(new Segment(text.substring(from, link.start()), false));
			}
			segments.add(new Segment(link.group(), true));
			from = link.end();
		}
		if (from < text.length()) {
			segments.add(new Segment(text.substring(from), false));
		}
		return segments;
	}
}
