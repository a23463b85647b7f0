package ec.gob.iess.clave.mail;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code mail_outbox} table.
 *
 * <p>A claim is exclusive across nodes: in one short transaction the due, unclaimed (or lease-expired)
 * rows are selected {@code for update skip locked} (PostgreSQL and H2 2.4 alike), and stamped with a
 * fresh claim token and a lease; the stamp's condition is checked again under the row lock, so two
 * claimers never both win a row even where skipping is not honoured. The transaction commits before
 * anything is sent. Every later change (sent, failed) names the claim token, so a node whose lease ran
 * out and was taken over cannot overwrite the new owner's outcome.
 */
@Repository
class MailOutbox {

	enum DeliveredVia {
		SMTP, DEVELOPMENT_MAILBOX
	}

	record Message(long id, MailKind kind, String recipient, String subject, String text, String html, int attempts,
			String claimToken, Instant createdAt, Instant sentAt, DeliveredVia deliveredVia, String lastError) {
	}

	private static final String COLUMNS = """
			id, kind, recipient, subject, text_body, html_body, attempts, claim_token, created_at, sent_at,
			delivered_via, last_error""";

	private final JdbcClient jdbc;
	private final TransactionTemplate transactions;

	MailOutbox(JdbcClient jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/** Inside the caller's transaction: the message commits with the change, or not at all. */
	void add(MailKind kind, String recipient, MailTemplates.Rendered rendered, Instant now) {
		Timestamp at = Timestamp.from(now);
		jdbc.sql("""
				insert into mail_outbox (kind, recipient, subject, text_body, html_body, created_at, attempts, next_attempt_at)
				values (?, ?, ?, ?, ?, ?, 0, ?)""")
			.params(kind.name(), recipient, rendered.subject(), rendered.text(), rendered.html(), at, at)
			.update();
	}

	/** What waits to be sent: how many, the oldest, and the oldest still tried on the short schedule. */
	record Backlog(long unsent, Instant oldest, Instant oldestStillTried) {
	}

	/**
	 * Claims up to {@code limit} due messages for {@code lease}, in its own short transaction.
	 *
	 * @param node twelve hex digits naming the claiming node: the node field of the claim's token, so that the
	 *        node can {@link #release} its claims
	 */
	List<Message> claim(String node, Instant now, java.time.Duration lease, int limit) {
		String token = claimToken(node);
		Timestamp at = Timestamp.from(now);
		Timestamp leaseUntil = Timestamp.from(now.plus(lease));
		return transactions.execute(status -> {
			List<Long> ids = jdbc.sql("""
					select id from mail_outbox
					where sent_at is null and next_attempt_at <= :now and (lease_until is null or lease_until < :now)
					order by next_attempt_at, id
					fetch first :limit rows only
					for update skip locked""")
				.param("now", at)
				.param("limit", limit)
				.query(Long.class)
				.list();
			if (ids.isEmpty()) {
				return List.of();
			}
			jdbc.sql("""
					update mail_outbox set claim_token = :token, lease_until = :leaseUntil
					where id in (:ids) and sent_at is null and (lease_until is null or lease_until < :now)""")
				.param("token", token)
				.param("leaseUntil", leaseUntil)
				.param("ids", ids)
				.param("now", at)
				.update();
			return jdbc.sql("select " + COLUMNS + " from mail_outbox where claim_token = ? order by id")
				.param(token)
				.query(MailOutbox::message)
				.list();
		});
	}

	/** A fresh token for one claim: a random UUID whose node field (the last twelve hex digits) names the node. */
	static String claimToken(String node) {
		String random = UUID.randomUUID().toString();
		return random.substring(0, random.lastIndexOf('-') + 1) + node;
	}

	/** False when the claim was lost (the lease ran out and another node took the message over). */
	boolean markSent(Message message, Instant now, DeliveredVia via) {
		String erase = via == DeliveredVia.SMTP && message.kind().carriesLink() ? ", text_body = '', html_body = ''" : "";
		return jdbc.sql("update mail_outbox set sent_at = ?, delivered_via = ?, claim_token = null, lease_until = null"
				+ erase + " where id = ? and claim_token = ?")
			.params(Timestamp.from(now), via.name(), message.id(), message.claimToken())
			.update() == 1;
	}

	void markFailed(Message message, Instant nextAttempt, String error) {
		jdbc.sql("""
				update mail_outbox set attempts = attempts + 1, next_attempt_at = ?, last_error = ?, claim_token = null,
				lease_until = null where id = ? and claim_token = ?""")
			.params(Timestamp.from(nextAttempt), error, message.id(), message.claimToken())
			.update();
	}

	/**
	 * Gives up the node's unexpired claims on unsent messages, except those it is sending right now, so that
	 * any node may take them at once rather than after the lease. Answers how many were released.
	 */
	int release(String node, Instant now, java.util.Collection<Long> sending) {
		String notSending = sending.isEmpty() ? "" : " and id not in (:sending)";
		var statement = jdbc.sql("update mail_outbox set claim_token = null, lease_until = null"
				+ " where claim_token like :claims and sent_at is null and lease_until >= :now" + notSending)
			.param("claims", "%-" + node)
			.param("now", Timestamp.from(now));
		return (sending.isEmpty() ? statement : statement.param("sending", List.copyOf(sending))).update();
	}

	/** @param retriedOften attempts from which a message no longer counts as "still tried" (see {@link RetrySchedule}) */
	Backlog backlog(int retriedOften) {
		return jdbc.sql("select count(*), min(created_at), min(case when attempts < ? then created_at end)"
				+ " from mail_outbox where sent_at is null")
			.param(retriedOften)
			.query((rs, row) -> new Backlog(rs.getLong(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3))))
			.single();
	}

	private static Instant instant(Timestamp at) {
		return at == null ? null : at.toInstant();
	}

	/** The newest messages first, for the development mailbox. */
	List<Message> newest(int limit) {
		return jdbc.sql("select " + COLUMNS + " from mail_outbox order by id desc fetch first ? rows only")
			.param(limit)
			.query(MailOutbox::message)
			.list();
	}

	private static Message message(ResultSet rs, int row) throws SQLException {
		Timestamp sentAt = rs.getTimestamp("sent_at");
		String via = rs.getString("delivered_via");
		return new Message(rs.getLong("id"), MailKind.valueOf(rs.getString("kind")), rs.getString("recipient"),
				rs.getString("subject"), rs.getString("text_body"), rs.getString("html_body"), rs.getInt("attempts"),
				rs.getString("claim_token"), rs.getTimestamp("created_at").toInstant(),
				sentAt == null ? null : sentAt.toInstant(), via == null ? null : DeliveredVia.valueOf(via),
				rs.getString("last_error"));
	}
}
