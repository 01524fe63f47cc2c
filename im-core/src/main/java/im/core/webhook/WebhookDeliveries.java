package im.core.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import im.core.paging.PageResponse;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code webhook_deliveries} table, in plain statements: rows are written in batches
 * with the change they report, and taken, updated and listed by id.
 */
@Component
class WebhookDeliveries {

	static final String PENDING = "pending";

	static final String DELIVERED = "delivered";

	static final String FAILED = "failed";

	private static final String COLUMNS = "id, endpoint_id, event_id, event_type, status, attempts, created_at, "
			+ "next_attempt_at, last_attempt_at, last_status, last_error, delivered_at, payload";

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	WebhookDeliveries(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.named = new NamedParameterJdbcTemplate(jdbc);
	}

	/** An event to record for one endpoint. */
	record NewDelivery(long endpointId, String eventId, WebhookEventType type, String payload) {

	}

	/** A delivery this instance holds the lease of, with what sending it needs. */
	record Claimed(long id, long endpointId, String url, String secret, String eventId, String payload, int attempts,
			Instant retryUntil, String leaseToken) {

	}

	/**
	 * Records the deliveries, due at once, in the current transaction: for each endpoint
	 * that is still there and enabled. The endpoints come from
	 * {@link WebhookSubscriptions}, which on another instance may not yet know that one
	 * was deleted or disabled; such a delivery is left out rather than failing the change
	 * it reports.
	 */
	void insert(List<NewDelivery> deliveries, Instant now, Instant retryUntil) {
		Timestamp at = Timestamp.from(now);
		Timestamp until = Timestamp.from(retryUntil);
		this.jdbc.batchUpdate(
				"INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, payload, created_at, "
						+ "status, attempts, next_attempt_at, retry_until) SELECT id, CAST(? AS VARCHAR(40)), "
						+ "CAST(? AS VARCHAR(40)), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP WITH TIME ZONE), '" + PENDING
						+ "', 0, CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE) "
						+ "FROM webhook_endpoints WHERE id = ? AND enabled",
				deliveries, deliveries.size(), (statement, delivery) -> {
					statement.setString(1, delivery.eventId());
					statement.setString(2, delivery.type().code());
					statement.setString(3, delivery.payload());
					statement.setTimestamp(4, at);
					statement.setTimestamp(5, at);
					statement.setTimestamp(6, until);
					statement.setLong(7, delivery.endpointId());
				});
	}

	/**
	 * Takes up to {@code limit} due deliveries of enabled endpoints that no instance
	 * holds: each row gets this claim's token and a lease until {@code leasedUntil}.
	 * Whoever updates a row first holds it; a claim that comes second finds the lease set
	 * when its update re-reads the row, and leaves it.
	 */
	List<Claimed> claim(int limit, Instant now, Instant leasedUntil) {
		Timestamp at = Timestamp.from(now);
		List<Long> due = this.jdbc.queryForList("SELECT id FROM webhook_deliveries WHERE status = '" + PENDING
				+ "' AND next_attempt_at <= ? AND (leased_until IS NULL OR leased_until < ?) "
				+ "AND endpoint_id IN (SELECT id FROM webhook_endpoints WHERE enabled) ORDER BY next_attempt_at LIMIT ?",
				Long.class, at, at, limit);
		if (due.isEmpty()) {
			return List.of();
		}
		String token = UUID.randomUUID().toString();
		this.named.update("UPDATE webhook_deliveries SET lease_token = :token, leased_until = :until "
				+ "WHERE id IN (:ids) AND status = '" + PENDING + "' AND (leased_until IS NULL OR leased_until < :now)",
				Map.of("token", token, "until", Timestamp.from(leasedUntil), "ids", due, "now", at));
		return this.jdbc.query(
				"SELECT d.id, d.endpoint_id, e.url, e.secret, d.event_id, d.payload, d.attempts, d.retry_until "
						+ "FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id "
						+ "WHERE d.lease_token = ? ORDER BY d.next_attempt_at",
				(row, number) -> new Claimed(row.getLong("id"), row.getLong("endpoint_id"), row.getString("url"),
						row.getString("secret"), row.getString("event_id"), row.getString("payload"),
						row.getInt("attempts"), row.getTimestamp("retry_until").toInstant(), token),
				token);
	}

	/** The endpoint answered 2xx. */
	void delivered(Claimed delivery, int status, Instant now) {
		Timestamp at = Timestamp.from(now);
		this.jdbc.update("UPDATE webhook_deliveries SET status = '" + DELIVERED + "', attempts = attempts + 1, "
				+ "last_attempt_at = ?, last_status = ?, last_error = NULL, delivered_at = ?, lease_token = NULL, "
				+ "leased_until = NULL WHERE id = ? AND lease_token = ?", at, status, at, delivery.id(),
				delivery.leaseToken());
	}

	/**
	 * The attempt failed: tried again at {@code next}, or given up when {@code next} is
	 * null.
	 */
	void failed(Claimed delivery, Integer status, String error, Instant now, Instant next) {
		this.jdbc.update("UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, last_attempt_at = ?, "
				+ "last_status = ?, last_error = ?, next_attempt_at = ?, lease_token = NULL, leased_until = NULL "
				+ "WHERE id = ? AND lease_token = ?", (next != null) ? PENDING : FAILED, Timestamp.from(now), status,
				error, Timestamp.from((next != null) ? next : now), delivery.id(), delivery.leaseToken());
	}

	PageResponse<WebhookDeliveryInfo> list(long endpointId, String status, int page, int size) {
		String where = " FROM webhook_deliveries WHERE endpoint_id = ?" + ((status != null) ? " AND status = ?" : "");
		Object[] arguments = (status != null) ? new Object[] { endpointId, status } : new Object[] { endpointId };
		Long total = this.jdbc.queryForObject("SELECT COUNT(*)" + where, Long.class, arguments);
		long count = (total != null) ? total : 0;
		List<WebhookDeliveryInfo> items = this.jdbc.query(
				"SELECT " + COLUMNS + where + " ORDER BY id DESC LIMIT " + size + " OFFSET " + ((long) page * size),
				WebhookDeliveries::info, arguments);
		return new PageResponse<>(items, page, size, count, (int) ((count + size - 1) / size));
	}

	Optional<WebhookDeliveryInfo> find(long endpointId, long id) {
		return this.jdbc
			.query("SELECT " + COLUMNS + " FROM webhook_deliveries WHERE endpoint_id = ? AND id = ?",
					WebhookDeliveries::info, endpointId, id)
			.stream()
			.findFirst();
	}

	/**
	 * Makes the delivery due at once again, whatever became of it, with a new window of
	 * retries; its event id stays, so the receiver can tell it from a new event.
	 */
	void resend(long id, Instant now, Instant retryUntil) {
		Timestamp at = Timestamp.from(now);
		this.jdbc.update("UPDATE webhook_deliveries SET status = '" + PENDING + "', next_attempt_at = ?, "
				+ "retry_until = ?, delivered_at = NULL WHERE id = ?", at, Timestamp.from(retryUntil), id);
	}

	/**
	 * Makes the endpoint's pending deliveries due at once, with a new window of retries.
	 */
	void resume(long endpointId, Instant now, Instant retryUntil) {
		this.jdbc.update(
				"UPDATE webhook_deliveries SET next_attempt_at = ?, retry_until = ? WHERE endpoint_id = ? AND status = '"
						+ PENDING + "'",
				Timestamp.from(now), Timestamp.from(retryUntil), endpointId);
	}

	/** Forgets delivered and failed deliveries created before {@code before}. */
	int deleteFinishedBefore(Instant before) {
		return this.jdbc.update("DELETE FROM webhook_deliveries WHERE status <> '" + PENDING + "' AND created_at < ?",
				Timestamp.from(before));
	}

	private static WebhookDeliveryInfo info(ResultSet row, int number) throws SQLException {
		return new WebhookDeliveryInfo(row.getLong("id"), row.getLong("endpoint_id"), row.getString("event_id"),
				WebhookEventType.of(row.getString("event_type")), row.getString("status"), row.getInt("attempts"),
				instant(row, "created_at"), instant(row, "next_attempt_at"), instant(row, "last_attempt_at"),
				row.getObject("last_status", Integer.class), row.getString("last_error"), instant(row, "delivered_at"),
				row.getString("payload"));
	}

	private static Instant instant(ResultSet row, String column) throws SQLException {
		Timestamp at = row.getTimestamp(column);
		return (at != null) ? at.toInstant() : null;
	}

}
