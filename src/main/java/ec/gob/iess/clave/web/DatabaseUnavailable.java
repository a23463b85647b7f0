package ec.gob.iess.clave.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a database that cannot be reached now (stopped, restarting, every connection busy past
 * Hikari's connection-timeout) from a defect: the first is a 503 that the client may retry, the
 * second stays a logged 500. Spring surfaces it in many shapes (a failed rollback wrapping the cut
 * connection, a transaction that could not begin, Spring Session's repository failing in its
 * filter), so the whole cause chain is read, down to the JDBC SQLState.
 */
final class DatabaseUnavailable {

	/** Seconds a client should wait: a restarting database or a failover takes a few. */
	static final long RETRY_AFTER_SECONDS = 5;

	private DatabaseUnavailable() {
	}

	static boolean causedBy(Throwable failure) {
		int depth = 0;
		for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
			if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
					|| t instanceof RecoverableDataAccessException || t instanceof CannotCreateTransactionException
					|| t instanceof SQLTransientException || t instanceof SQLRecoverableException
					|| t instanceof SQLNonTransientConnectionException) {
				return true;
			}
			if (t instanceof SQLException sql && unavailableState(sql.getSQLState())) {
				return true;
			}
			if (t instanceof TransactionSystemException && t.getCause() instanceof SQLException) {
				// Commit or rollback itself failed in JDBC: the connection is gone. Hikari reports a connection
				// it has already evicted as "Connection is closed", with no SQLState to read.
				return true;
			}
			if (t instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
					&& rollback.getApplicationException() != t && causedBy(rollback.getApplicationException())) {
				return true;
			}
		}
		return false;
	}

	/** SQLState classes 08 (connection), 53 (insufficient resources), 57P (server shutting down). */
	private static boolean unavailableState(String state) {
		return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P"));
	}
}
