package im.core.webhook;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps each endpoint's record of failures, written after every attempt: the first
 * failure since the last success, and the endpoint disabled once it has failed for too
 * long.
 */
@Component
class WebhookEndpointHealth {

	private final JdbcTemplate jdbc;

	WebhookEndpointHealth(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void succeeded(long endpointId) {
		this.jdbc.update("UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL",
				endpointId);
	}

	/**
	 * Notes the failure, and disables the endpoint when every attempt since
	 * {@code disableAfter} ago has failed.
	 * @return whether this failure disabled it
	 */
	boolean failed(long endpointId, Instant now, Duration disableAfter) {
		Timestamp at = Timestamp.from(now);
		this.jdbc.update("UPDATE webhook_endpoints SET failing_since = ? WHERE id = ? AND failing_since IS NULL", at,
				endpointId);
		return this.jdbc.update(
				"UPDATE webhook_endpoints SET enabled = FALSE, disabled_at = ?, disabled_reason = ? "
						+ "WHERE id = ? AND enabled AND failing_since <= ?",
				at, "Every attempt failed for " + disableAfter + " (IM_WEBHOOKS_DISABLE_AFTER).", endpointId,
				Timestamp.from(now.minus(disableAfter))) == 1;
	}

}
