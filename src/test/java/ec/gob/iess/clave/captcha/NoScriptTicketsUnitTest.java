package ec.gob.iess.clave.captcha;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Decision 66: the ticket of a page shown without JavaScript, on a fixed clock. */
class NoScriptTicketsUnitTest {

	static final String KEY = "una clave de firma de pruebas con 256 bits o más";
	static final Instant NOW = Instant.parse("2026-11-03T14:00:00.250Z");
	static final Duration TTL = Duration.ofMinutes(5);
	static final Duration WAIT = Duration.ofSeconds(5);

	static NoScriptTickets at(Instant instant) {
		return withKey(KEY, instant);
	}

	static NoScriptTickets withKey(String key, Instant instant) {
		return new NoScriptTickets(() -> key, TTL, Clock.fixed(instant, ZoneOffset.UTC));
	}

	static void assertRefused(NoScriptTickets tickets, String ticket, String why) {
		assertThatThrownBy(() -> tickets.check(ticket)).isInstanceOfSatisfying(Refusal.class, e -> {
			assertThat(e.code()).isEqualTo(RefusalCode.CAPTCHA_INVALID);
			assertThat(e.reasons()).containsExactly(why);
		});
	}

	@Test
	void aTicketCarriesItsIssueTimeWaitExpiryAndARandomIdUnderItsSignature() {
		String ticket = at(NOW).issue(WAIT);

		assertThat(ticket).matches("t1\\." + NOW.getEpochSecond() + "\\.5\\." + NOW.plus(TTL).getEpochSecond()
				+ "\\.[0-9a-f]{32}\\.[0-9a-f]{64}");
		assertThat(NoScriptTickets.isTicket(ticket)).isTrue();
		assertThat(at(NOW).issue(WAIT)).isNotEqualTo(ticket);
	}

	@Test
	void aTicketIsValidFromTheEndOfItsWaitUntilJustBeforeItsExpiry() {
		String ticket = at(NOW).issue(WAIT);

		NoScriptTickets.Ticket checked = at(NOW.plus(WAIT)).check(ticket);

		assertThat(checked.id()).isEqualTo(ticket.split("\\.")[4]);
		assertThat(checked.expiresAt()).isEqualTo(Instant.ofEpochSecond(NOW.plus(TTL).getEpochSecond()));
		at(NOW.plus(TTL).minusSeconds(2)).check(ticket);
	}

	@Test
	void aTicketSentBeforeItsWaitIsTooEarlyAndSaysHowLongIsLeft() {
		String ticket = at(NOW).issue(WAIT);

		assertRefused(at(NOW), ticket, NoScriptTickets.TOO_EARLY);
		assertThatThrownBy(() -> at(NOW.plusSeconds(2)).check(ticket)).isInstanceOfSatisfying(Refusal.class,
				e -> assertThat(e.retryAfterSeconds()).isEqualTo(3));
	}

	@Test
	void aLongerWaitIsKeptUnderTheSignature() {
		String ticket = at(NOW).issue(Duration.ofSeconds(20));

		assertRefused(at(NOW.plusSeconds(19)), ticket, NoScriptTickets.TOO_EARLY);
		at(NOW.plusSeconds(21)).check(ticket);
	}

	@Test
	void anExpiredTicketIsInvalid() {
		String ticket = at(NOW).issue(WAIT);

		assertRefused(at(NOW.plus(TTL)), ticket, NoScriptTickets.INVALID);
		assertRefused(at(NOW.plus(Duration.ofDays(1))), ticket, NoScriptTickets.INVALID);
	}

	@Test
	void aTicketSignedWithAnotherKeyIsInvalid() {
		String ticket = withKey("otra clave de firma, de otro servidor ajeno", NOW).issue(WAIT);

		assertRefused(at(NOW.plus(WAIT)), ticket, NoScriptTickets.INVALID);
	}

	@Test
	void anyChangedPartBreaksTheSignature() {
		String ticket = at(NOW).issue(WAIT);
		String[] parts = ticket.split("\\.");
		Instant later = NOW.plus(WAIT).plusSeconds(1);

		// An earlier issue time, a shorter wait, a later expiry, another id: each would be worth forging.
		assertRefused(at(later), ticket.replace("." + parts[1] + ".", "." + (Long.parseLong(parts[1]) - 60) + "."),
				NoScriptTickets.INVALID);
		assertRefused(at(NOW), ticket.replace(".5.", ".0."), NoScriptTickets.INVALID);
		assertRefused(at(later), ticket.replace(parts[3], Long.toString(Long.parseLong(parts[3]) + 86_400)),
				NoScriptTickets.INVALID);
		assertRefused(at(later), ticket.replace(parts[4], "0".repeat(32)), NoScriptTickets.INVALID);
		assertRefused(at(later), ticket.substring(0, ticket.length() - 1) + (ticket.endsWith("0") ? "1" : "0"),
				NoScriptTickets.INVALID);
	}

	@Test
	void malformedTicketsAreInvalid() {
		for (String malformed : new String[] { "t1.", "t1.1.2.3.4.5", "t1.x.5.9.abc.def", "T1." + at(NOW).issue(WAIT).substring(3),
				at(NOW).issue(WAIT) + ".extra", "t1." + "9".repeat(500) }) {
			assertRefused(at(NOW.plus(WAIT)), malformed, NoScriptTickets.INVALID);
		}
	}

	@Test
	void aSolvedChallengeIsNoTicket() {
		assertThat(NoScriptTickets.isTicket("eyJhbGdvcml0aG0iOiJTSEEtMjU2In0=")).isFalse();
		assertThat(NoScriptTickets.isTicket(null)).isFalse();
		assertThat(NoScriptTickets.isTicket("  t1.1  ")).isTrue();
	}

	@Test
	void pagesNameWhyATicketWasRefused() {
		assertThat(Captcha.messageKey(new Refusal(RefusalCode.CAPTCHA_INVALID))).isEqualTo("captcha.CAPTCHA_INVALID");
		assertThat(Captcha.messageKey(new Refusal(RefusalCode.CAPTCHA_REQUIRED))).isEqualTo("captcha.CAPTCHA_REQUIRED");
		assertThatThrownBy(() -> at(NOW).check(at(NOW).issue(WAIT))).isInstanceOfSatisfying(Refusal.class,
				e -> assertThat(Captcha.messageKey(e)).isEqualTo("captcha.TICKET_TOO_EARLY"));
		assertThatThrownBy(() -> at(NOW).check("t1.roto")).isInstanceOfSatisfying(Refusal.class,
				e -> assertThat(Captcha.messageKey(e)).isEqualTo("captcha.TICKET_INVALID"));
	}
}
