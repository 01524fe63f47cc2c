package im.core.error;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure because a service the platform stores in (the database, Redis) is not
 * answering from any other: the first is the client's to try again, with the same
 * {@code clientMsgId} where it has one, and is answered as {@code service-unavailable}
 * (503) with a {@code Retry-After}; the second is a defect, answered as {@code internal}.
 */
public final class Outage {

	/** How long a client is asked to wait before trying again. */
	public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private Outage() {
	}

	/**
	 * Whether the failure, or one of its causes, says a service did not answer: no
	 * connection to be had (refused, lost, the pool's wait ran out), a query that timed
	 * out, SQL state class 08 (connection exception).
	 */
	public static boolean explains(Throwable failure) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (current instanceof CannotCreateTransactionException
					|| current instanceof DataAccessResourceFailureException
					|| current instanceof TransientDataAccessResourceException
					|| current instanceof QueryTimeoutException || current instanceof SQLTransientConnectionException
					|| current instanceof SQLNonTransientConnectionException || (current instanceof SQLException sql
							&& sql.getSQLState() != null && sql.getSQLState().startsWith("08"))) {
				return true;
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return false;
	}

	/** What the client is told when the database did not answer a request of its. */
	public static DomainException ofDatabase(String whatWasNotDone) {
		return new DomainException(ErrorCode.SERVICE_UNAVAILABLE,
				"The database is not answering: " + whatWasNotDone + "; try again in a few seconds.", RETRY_AFTER);
	}

}
