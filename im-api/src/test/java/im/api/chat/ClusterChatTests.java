package im.api.chat;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import im.support.Api.Session;
import im.support.ClusterModeTest;
import im.support.RawStompClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Chat in cluster mode (PostgreSQL, Redis, Kafka). */
@ClusterModeTest
class ClusterChatTests extends ChatTests {

	/**
	 * An instance killed between a transaction's commit and the Kafka send leaves its
	 * deliveries in the outbox, under its id: here such a row is written as that commit
	 * would have left it. Once it is older than the session TTL a live instance sends it
	 * on, to the recipient's instance, and deletes it.
	 */
	@Test
	void whatAnInstanceCommittedAndDiedBeforeSendingReachesTheRecipientFromTheOutbox() {
		Session heir = this.api.newUser("heir");
		String deadInstance = "killed-after-its-commit";
		try (RawStompClient heirs = device(heir)) {
			this.jdbc.update(
					"INSERT INTO delivery_outbox (routing_key, queue, recipients, payload, created_at, instance_id) "
							+ "VALUES (?, ?, ?, ?, ?, ?)",
					"user-" + heir.userId(), "events", String.valueOf(heir.userId()),
					"{\"type\":\"probe\",\"left\":\"in the outbox\"}".getBytes(StandardCharsets.UTF_8),
					Timestamp.from(Instant.now().minus(Duration.ofMinutes(1))), deadInstance);

			assertThat(json(heirs.nextOn("events", Duration.ofSeconds(30))).get("left").asString())
				.isEqualTo("in the outbox");
			long deadline = System.nanoTime() + WAIT.toNanos();
			long left = 1;
			while (left > 0 && System.nanoTime() < deadline) {
				left = this.jdbc.queryForObject("SELECT count(*) FROM delivery_outbox WHERE instance_id = ?",
						Long.class, deadInstance);
			}
			assertThat(left).as("the row is gone once sent").isZero();
		}
	}

}
