package im.core.delivery.kafka;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import im.core.RunMode;
import im.core.account.UserId;
import im.core.delivery.ClusterSettings;
import im.core.delivery.kafka.Outgoing.Push;

import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/**
 * The {@code delivery_outbox} table: deliveries recorded in the transaction of the change
 * they carry, deleted once Kafka has them.
 */
@Component
@Profile(RunMode.CLUSTER)
class DeliveryOutbox implements DeliveryBacklog {

	private static final String SELECT = "SELECT id, routing_key, queue, recipients, payload FROM delivery_outbox ";

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	private final Clock clock;

	private final String instance;

	DeliveryOutbox(JdbcTemplate jdbc, Clock clock, ClusterSettings settings) {
		this.jdbc = jdbc;
		this.named = new NamedParameterJdbcTemplate(jdbc);
		this.clock = clock;
		this.instance = settings.instanceId();
	}

	/**
	 * Records the deliveries in the current transaction, in one batch; returns their ids.
	 */
	List<Long> record(List<Push> pushes) {
		Timestamp now = Timestamp.from(this.clock.instant());
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.batchUpdate((connection) -> connection.prepareStatement(
				"INSERT INTO delivery_outbox (routing_key, queue, recipients, payload, created_at, instance_id) "
						+ "VALUES (?, ?, ?, ?, ?, ?)",
				new String[] { "id" }), new BatchPreparedStatementSetter() {
					@Override
					public void setValues(PreparedStatement statement, int i) throws SQLException {
						Push push = pushes.get(i);
						statement.setString(1, push.key());
						statement.setString(2, push.queue());
						statement.setString(3,
								push.recipients().stream().map(UserId::toString).collect(Collectors.joining(",")));
						statement.setBytes(4, push.json());
						statement.setTimestamp(5, now);
						statement.setString(6, DeliveryOutbox.this.instance);
					}

					@Override
					public int getBatchSize() {
						return pushes.size();
					}
				}, keys);
		return keys.getKeyList().stream().map((row) -> ((Number) row.values().iterator().next()).longValue()).toList();
	}

	void delete(List<Long> ids) {
		if (!ids.isEmpty()) {
			this.named.update("DELETE FROM delivery_outbox WHERE id IN (:ids)", Map.of("ids", ids));
		}
	}

	/**
	 * Locks and returns, oldest first, up to {@code limit} of this instance's deliveries
	 * still waiting. Call within a transaction.
	 */
	List<Push> lockOwn(int limit) {
		return this.jdbc.query(SELECT + "WHERE instance_id = ? ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED", this::push,
				this.instance, limit);
	}

	/**
	 * Locks and returns, oldest first, up to {@code limit} deliveries of other instances
	 * older than {@code age} that no other instance is sending. Call within a
	 * transaction.
	 */
	List<Push> lockOthers(Duration age, int limit) {
		return this.jdbc.query(
				SELECT + "WHERE (instance_id IS NULL OR instance_id <> ?) AND created_at < ? "
						+ "ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
				this::push, this.instance, Timestamp.from(this.clock.instant().minus(age)), limit);
	}

	private Push push(ResultSet row, int rowNumber) throws SQLException {
		return new Push(row.getLong("id"), row.getString("routing_key"),
				Arrays.stream(row.getString("recipients").split(",")).map(UserId::of).toList(), row.getString("queue"),
				row.getBytes("payload"));
	}

	@Override
	public long pending() {
		Long count = this.jdbc.queryForObject("SELECT COUNT(*) FROM delivery_outbox", Long.class);
		return (count != null) ? count : 0;
	}

}
