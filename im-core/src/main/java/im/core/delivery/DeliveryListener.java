package im.core.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import im.core.RunMode;
import im.core.account.UserId;
import im.core.error.ErrorCode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Profile;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.PartitionOffset;
import org.springframework.kafka.annotation.TopicPartition;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Receives the deliveries other instances send through Kafka and pushes those addressed
 * to this instance to its sessions. Each instance reads two partitions
 * ({@link DeliveryPartitions}), the one for every instance and its own, assigned rather
 * than shared in a consumer group, from the newest record on: a session that connects
 * later syncs what came before. A record not addressed to this instance (one whose id
 * hashes to the same partition) is skipped on its headers alone.
 * <p>
 * "The newest record" is fixed when the partitions are assigned, not at the first fetch,
 * and the instance is not ready before that ({@link AwaitDeliveryListener}): a record
 * sent to it in between would be skipped without anyone knowing.
 */
@Component
@Profile(RunMode.CLUSTER)
public class DeliveryListener implements ConsumerSeekAware {

	private static final Logger log = LoggerFactory.getLogger(DeliveryListener.class);

	private final CountDownLatch assigned = new CountDownLatch(1);

	private final ClientPush push;

	private final ClusterSettings settings;

	private final DeliveryTimings timings;

	DeliveryListener(ClientPush push, ClusterSettings settings, DeliveryTimings timings) {
		this.push = push;
		this.settings = settings;
		this.timings = timings;
	}

	/** The topic, for the listener annotation. */
	public String getTopic() {
		return this.settings.topic();
	}

	/** This instance's own consumer group, for the listener annotation. */
	public String getGroupId() {
		return "im-deliveries-" + this.settings.instanceId();
	}

	/**
	 * The partition of what is addressed to this instance, for the listener annotation.
	 */
	public int getOwnPartition() {
		return DeliveryPartitions.of(this.settings.instanceId(), this.settings.partitions());
	}

	@KafkaListener(id = "im-deliveries", groupId = "#{__listener.groupId}",
			topicPartitions = @TopicPartition(topic = "#{__listener.topic}",
					partitionOffsets = {
							@PartitionOffset(partition = "" + DeliveryPartitions.EVERY_INSTANCE, initialOffset = "0",
									seekPosition = "END"),
							@PartitionOffset(partition = "#{__listener.ownPartition}", initialOffset = "0",
									seekPosition = "END") }))
	void on(ConsumerRecord<String, byte[]> record) {
		String targets = header(record, DeliveryRelay.TARGETS);
		log.debug("Record for {} on {}-{}", targets, record.partition(), record.offset());
		if (targets == null
				|| !(targets.equals(DeliveryRelay.EVERY_INSTANCE)
						|| Arrays.asList(targets.split(",")).contains(this.settings.instanceId()))
				|| this.settings.instanceId().equals(header(record, DeliveryRelay.EXCEPT))) {
			return;
		}
		deliver(record);
		this.timings.transited(record.timestamp(), System.currentTimeMillis());
	}

	private void deliver(ConsumerRecord<String, byte[]> record) {
		if ("disconnect".equals(header(record, DeliveryRelay.KIND))) {
			String session = header(record, DeliveryRelay.SESSION);
			ErrorCode code = ErrorCode.valueOf(header(record, DeliveryRelay.CODE));
			String detail = new String(record.value(), StandardCharsets.UTF_8);
			String signIn = header(record, DeliveryRelay.SIGN_IN);
			if (signIn == null) {
				this.push.disconnect(session, code, detail);
			}
			else {
				this.push.disconnectSignIn(session, signIn, code, detail);
			}
			return;
		}
		String queue = header(record, DeliveryRelay.QUEUE);
		String kind = header(record, DeliveryRelay.KIND);
		if ("room".equals(kind)) {
			this.push.pushToRoom(header(record, DeliveryRelay.ROOM), record.value());
			return;
		}
		if ("broadcast".equals(kind)) {
			this.push.pushToEveryone(queue, record.value());
			return;
		}
		if ("device-push".equals(kind)) {
			this.push.pushToDevice(UserId.of(header(record, DeliveryRelay.RECIPIENTS)),
					header(record, DeliveryRelay.DEVICE), queue, record.value());
			return;
		}
		if ("session-push".equals(kind)) {
			this.push.pushToSession(UserId.of(header(record, DeliveryRelay.RECIPIENTS)),
					header(record, DeliveryRelay.SESSION), queue, record.value());
			return;
		}
		List<UserId> recipients = Arrays.stream(header(record, DeliveryRelay.RECIPIENTS).split(","))
			.map(UserId::of)
			.toList();
		LocalPush.toEach(this.push, recipients, queue, record.value());
	}

	/**
	 * Called once the container has sought the end of both partitions and asked the
	 * consumer for its positions there, which fixes them now rather than at the first
	 * fetch.
	 */
	@Override
	public void onPartitionsAssigned(Map<org.apache.kafka.common.TopicPartition, Long> assignments,
			ConsumerSeekCallback callback) {
		log.info("Reading deliveries from partitions {} of {} at {}", assignments.keySet(), this.settings.topic(),
				assignments.values());
		this.assigned.countDown();
	}

	/** Waits until this instance reads the delivery topic; whether it does. */
	boolean awaitAssignment(Duration timeout) throws InterruptedException {
		return this.assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
