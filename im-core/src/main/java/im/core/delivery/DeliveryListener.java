package im.core.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import im.core.RunMode;
import im.core.account.UserId;
import im.core.error.ErrorCode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import org.springframework.context.annotation.Profile;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Receives the deliveries other instances send through Kafka and pushes those addressed
 * to this instance to its sessions. Each instance reads every partition in a consumer
 * group of its own, from the newest record on: a session that connects later syncs what
 * came before. A record not addressed to this instance is skipped on its headers alone.
 */
@Component
@Profile(RunMode.CLUSTER)
public class DeliveryListener {

	private final ClientPush push;

	private final ClusterSettings settings;

	DeliveryListener(ClientPush push, ClusterSettings settings) {
		this.push = push;
		this.settings = settings;
	}

	/** The topic, for the listener annotation. */
	public String getTopic() {
		return this.settings.topic();
	}

	/** This instance's own consumer group, for the listener annotation. */
	public String getGroupId() {
		return "im-deliveries-" + this.settings.instanceId();
	}

	@KafkaListener(id = "im-deliveries", topics = "#{__listener.topic}", groupId = "#{__listener.groupId}",
			properties = "auto.offset.reset=latest")
	void on(ConsumerRecord<String, byte[]> record) {
		String targets = header(record, DeliveryRelay.TARGETS);
		if (targets == null || !(targets.equals(DeliveryRelay.EVERY_INSTANCE)
				|| Arrays.asList(targets.split(",")).contains(this.settings.instanceId()))) {
			return;
		}
		if ("disconnect".equals(header(record, DeliveryRelay.KIND))) {
			this.push.disconnect(header(record, DeliveryRelay.SESSION),
					ErrorCode.valueOf(header(record, DeliveryRelay.CODE)),
					new String(record.value(), StandardCharsets.UTF_8));
			return;
		}
		String queue = header(record, DeliveryRelay.QUEUE);
		List<UserId> recipients = Arrays.stream(header(record, DeliveryRelay.RECIPIENTS).split(","))
			.map(UserId::of)
			.toList();
		LocalPush.toEach(this.push, recipients, queue, record.value());
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
