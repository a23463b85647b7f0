package ec.gob.iess.clave.notice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Queues notices under a savepoint of the change's transaction: a notice that queues commits with the
 * change (the outbox's guarantee), and one that cannot be queued (an address the mail path refuses, a
 * template error, a database error) is rolled back to the savepoint and logged — it never rolls back
 * or blocks the lockout, temporary clave, reset or suspension that caused it. On PostgreSQL the
 * savepoint is also what keeps a failed statement from aborting the whole transaction.
 */
@Component
class NoticeQueue {

	private static final Logger log = LoggerFactory.getLogger(NoticeQueue.class);

	private final TransactionTemplate savepoint;

	NoticeQueue(PlatformTransactionManager transactions) {
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	/**
	 * Runs {@code queueing}; answers whether it queued. Failures are logged with the notice's kind and the
	 * account's last three characters only, never an address or a cédula.
	 */
	boolean queue(String what, String username, Runnable queueing) {
		try {
			savepoint.executeWithoutResult(status -> queueing.run());
			return true;
		}
		catch (RuntimeException e) {
			log.warn("The notice {} for the account ending in {} could not be queued ({}); the change stands", what,
					ending(username), e.getClass().getSimpleName());
			return false;
		}
	}

	static String ending(String username) {
		return username == null || username.length() < 3 ? "?" : username.substring(username.length() - 3);
	}
}
