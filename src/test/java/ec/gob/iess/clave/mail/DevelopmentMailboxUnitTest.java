package ec.gob.iess.clave.mail;

import java.util.List;

import ec.gob.iess.clave.mail.DevelopmentMailboxController.Segment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DevelopmentMailboxUnitTest {

	@Test
	void linksInTheTextBecomeClickable() {
		List<Segment> segments = DevelopmentMailboxController
			.segments("Abra este enlace:\n\nhttps://clave.iess.test/recuperar?token=a_b-1\n\nGracias.");

		assertThat(segments).containsExactly(new Segment("Abra este enlace:\n\n", false),
				new Segment("https://clave.iess.test/recuperar?token=a_b-1", true), new Segment("\n\nGracias.", false));
	}

	@Test
	void punctuationAfterALinkStaysText() {
		List<Segment> segments = DevelopmentMailboxController
			.segments("Abra la página, https://clave.iess.test/desbloqueo?tipo=empleador, o (https://clave.iess.test/).");

		assertThat(segments).containsExactly(new Segment("Abra la página, ", false),
				new Segment("https://clave.iess.test/desbloqueo?tipo=empleador", true), new Segment(", o (", false),
				new Segment("https://clave.iess.test/", true), new Segment(").", false));
	}
}
