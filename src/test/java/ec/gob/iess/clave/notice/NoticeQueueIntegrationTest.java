package ec.gob.iess.clave.notice;

import java.time.Instant;
import java.util.Map;

import ec.gob.iess.clave.mail.MailKind;
import ec.gob.iess.clave.mail.Mailer;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A notice that fails while being queued is rolled back to its savepoint and the change that caused it
 * commits, on H2 and on PostgreSQL (where a failed statement would otherwise abort the transaction).
 */
@ClaveIntegrationTest
class NoticeQueueIntegrationTest {

	@Autowired
	NoticeQueue queue;

	@Autowired
	Mailer mailer;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void aNoticeThatFailsAfterWritingIsUndoneAndTheChangeCommits() {
		String marker = "aislado-" + System.nanoTime() + "@correo.example.ec";

		Boolean queued = transactions.execute(status -> {
			boolean result = queue.queue("PRUEBA", "1710034065", () -> {
				mailer.queue(marker, MailKind.ACCOUNT_UNLOCKED, model());
				// A failing statement, as a database error inside the notice would be.
				jdbc.sql("insert into no_such_table values (1)").update();
			});
			// The change's own work after the failed notice still runs in the same transaction.
			jdbc.sql("update mail_outbox set last_error = 'cambio' where 1 = 0").update();
			mailer.queue("cambio-" + marker, MailKind.ACCOUNT_UNLOCKED, model());
			return result;
		});

		assertThat(queued).isFalse();
		assertThat(outboxRowsTo(marker)).as("the failed notice's row went with its savepoint").isZero();
		assertThat(outboxRowsTo("cambio-" + marker)).as("the change committed").isEqualTo(1);
	}

	@Test
	void aNoticeRefusedForItsAddressIsSkippedAndTheChangeCommits() {
		String marker = "cambio-" + System.nanoTime() + "@correo.example.ec";

		Boolean queued = transactions.execute(status -> {
			boolean result = queue.queue("PRUEBA", "1710034065",
					() -> mailer.queue("a,b@x.ec", MailKind.ACCOUNT_UNLOCKED, model()));
			mailer.queue(marker, MailKind.ACCOUNT_UNLOCKED, model());
			return result;
		});

		assertThat(queued).isFalse();
		assertThat(outboxRowsTo(marker)).isEqualTo(1);
		assertThat(outboxRowsTo("a,b@x.ec")).isZero();
	}

	@Test
	void aNoticeThatQueuesCommitsWithTheChange() {
		String marker = "bien-" + System.nanoTime() + "@correo.example.ec";

		Boolean queued = transactions.execute(status -> queue.queue("PRUEBA", "1710034065",
				() -> mailer.queue(marker, MailKind.ACCOUNT_UNLOCKED, model())));

		assertThat(queued).isTrue();
		assertThat(outboxRowsTo(marker)).isEqualTo(1);
	}

	long outboxRowsTo(String recipient) {
		return jdbc.sql("select count(*) from mail_outbox where recipient = ?").param(recipient).query(Long.class).single();
	}

	static Map<String, Object> model() {
		return Map.of("names", "Rosa", "accountEnding", "065", "when", CredentialNotices.ECUADOR_TIME.format(Instant.now()),
				"where", "en línea");
	}
}
