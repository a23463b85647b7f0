package ec.gob.iess.clave.notice;

import java.time.Instant;

import ec.gob.iess.clave.audit.Channel;
import ec.gob.iess.clave.audit.Origin;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialNoticesUnitTest {

	@Test
	void whereIsOnlineOrTheAgentsCentreNeverTheAgent() {
		assertThat(CredentialNotices.where(new Origin("1710034065", Channel.WEB, "10.0.0.1"))).isEqualTo("en línea");
		assertThat(CredentialNotices.where(new Origin("anonymous", Channel.API, "10.0.0.1"))).isEqualTo("en línea");
		assertThat(CredentialNotices.where(Origin.staff("agente-7", "CAU Quito Norte", Channel.COUNTER, "10.0.0.1")))
			.isEqualTo("CAU Quito Norte");
		assertThat(CredentialNotices.where(Origin.system())).isEqualTo("un Centro de Atención Universal");
	}

	@Test
	void whenIsEcuadorTime() {
		assertThat(CredentialNotices.ECUADOR_TIME.format(Instant.parse("2026-11-24T19:05:00Z")))
			.isEqualTo("24/11/2026 14:05 (hora de Ecuador)");
	}
}
