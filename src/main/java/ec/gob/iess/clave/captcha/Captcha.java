package ec.gob.iess.clave.captcha;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import ec.gob.iess.clave.audit.Channel;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.ratelimit.LimitKind;
import ec.gob.iess.clave.ratelimit.RateLimiter;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

import org.springframework.stereotype.Service;

/**
 * "No soy un robot" (PRODUCT.md §4.2, §4.4; API.md Captcha): an ALTCHA proof of work that costs a
 * browser a second or two and a bot farm the same for every request, harder for a source that keeps
 * trying (docs/decisions.md 67); for a page shown without JavaScript, a signed ticket that becomes
 * valid after a short wait (docs/decisions.md 66). Each solution or ticket is accepted once, on any
 * node, before it expires.
 */
@Service
public class Captcha {

	/** What {@code GET /api/v1/captcha} answers; the client finds n with {@code hex(sha256(salt + n)) == challenge}. */
	public record Challenge(@Schema(requiredMode = RequiredMode.REQUIRED, example = "SHA-256") String algorithm,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "hex(sha256(salt + n))") String challenge,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "n is at most this; it grows for a source that keeps failing") int maxnumber,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "carries the expiry and the level, under the signature") String salt,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "hex HMAC-SHA256 of the challenge") String signature) {
	}

	/** What a page without JavaScript submits as its {@code captcha} field, and how long the person waits first. */
	public record NoScriptTicket(String value, long waitSeconds) {
	}

	/**
	 * What a source has recently tried, as the rate limiter counts it: failed logins, and requests for
	 * recovery and unlock (each of which needed a captcha). The account is not counted: see decision 67.
	 */
	private static final LimitKind[] ATTEMPTS = { LimitKind.LOGIN_FAILURE_SOURCE, LimitKind.RECOVERY_SOURCE,
			LimitKind.UNLOCK_SOURCE };

	private final AltchaProofOfWork proofOfWork;
	private final NoScriptTickets tickets;
	private final Difficulty difficulty;
	private final SpentSolutions spent;
	/** {@code clave_captcha_solved_total{kind}}: solutions accepted, by proof of work or by ticket (pages without JavaScript). */
	private final Counter solvedWork;
	private final Counter solvedTickets;
	private final RateLimiter limiter;

	Captcha(CaptchaSettings settings, CaptchaKeys keys, SpentSolutions spent, RateLimiter limiter, Clock clock,
			MeterRegistry meters) {
		this.solvedWork = solved(meters, "proof_of_work");
		this.solvedTickets = solved(meters, "ticket");
		this.proofOfWork = new AltchaProofOfWork(keys, settings.maxNumber(), settings.ttl(), clock);
		this.tickets = new NoScriptTickets(keys, settings.ttl(), clock);
		this.difficulty = Difficulty.of(settings);
		this.spent = spent;
		this.limiter = limiter;
	}

	/** A challenge at the source's level: reads counters, writes nothing. */
	public Challenge challenge(Origin origin) {
		return proofOfWork.issue(level(origin));
	}

	/** A ticket for a page shown to the source, waiting longer at a higher level: reads counters, writes nothing. */
	public NoScriptTicket ticket(Origin origin) {
		Duration wait = difficulty.ticketWait(level(origin));
		return new NoScriptTicket(tickets.issue(wait), wait.plusMillis(999).toSeconds());
	}

	/**
	 * Accepts a solution, or on a web page a ticket, once. Call it before the work it guards; the solution
	 * is spent even when that work is then refused or rolled back.
	 *
	 * @param payload the {@code captcha} field: base64 of {@code {"algorithm","challenge","number","salt","signature"}},
	 *        or a ticket from {@link #ticket} when the origin is a web page
	 * @throws Refusal CAPTCHA_REQUIRED when blank; CAPTCHA_INVALID when malformed, wrong, expired, reused,
	 *         below the source's level, or a ticket sent too early or through the API (see {@link #messageKey});
	 *         RATE_LIMITED past {@code CAPTCHA_TICKET_SOURCE} tickets from the source
	 */
	public void verify(String payload, Origin origin) {
		if (NoScriptTickets.isTicket(payload)) {
			spendTicket(payload, origin);
			return;
		}
		AltchaProofOfWork.Solution solution = proofOfWork.check(payload);
		// The level is signed into the salt: an easy challenge fetched elsewhere does not pass here.
		if (solution.level() < level(origin) || !spent.spend(solution.challenge(), solution.expiresAt())) {
			throw new Refusal(RefusalCode.CAPTCHA_INVALID);
		}
		solvedWork.increment();
	}

	private static Counter solved(MeterRegistry meters, String kind) {
		return Counter.builder("clave.captcha.solved").tag("kind", kind).description("Captcha solutions accepted").register(meters);
	}

	/**
	 * The message of a captcha refusal on a page: {@code captcha.<CODE>}, or for a ticket
	 * {@code captcha.TICKET_TOO_EARLY} / {@code captcha.TICKET_INVALID}, which ask the person to wait
	 * and press the button again.
	 */
	public static String messageKey(Refusal refusal) {
		for (String reason : refusal.reasons()) {
			if (reason.equals(NoScriptTickets.TOO_EARLY) || reason.equals(NoScriptTickets.INVALID)) {
				return "captcha." + reason;
			}
		}
		return "captcha." + refusal.code().name();
	}

	private void spendTicket(String value, Origin origin) {
		// API clients run code: they solve the proof of work. Tickets are for people on pages.
		if (origin.channel() != Channel.WEB) {
			throw new Refusal(RefusalCode.CAPTCHA_INVALID);
		}
		NoScriptTickets.Ticket ticket = tickets.check(value);
		// Far fewer than the proof of work allows: waiting costs a bot nothing but time.
		limiter.hit(LimitKind.CAPTCHA_TICKET_SOURCE, origin.ip(), null, origin);
		if (!spent.spend(ticket.id(), ticket.expiresAt())) {
			throw new Refusal(RefusalCode.CAPTCHA_INVALID, List.of(NoScriptTickets.INVALID), null);
		}
		solvedTickets.increment();
	}

	private int level(Origin origin) {
		return difficulty.level(limiter.recent(origin.ip(), ATTEMPTS));
	}
}
