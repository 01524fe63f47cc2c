package im.core.delivery.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import im.core.RunMode;
import im.core.delivery.ClientPush;
import im.core.delivery.ClusterSettings;
import im.core.delivery.LocalPush;
import im.core.delivery.kafka.Outgoing.Broadcast;
import im.core.delivery.kafka.Outgoing.DevicePush;
import im.core.delivery.kafka.Outgoing.Disconnect;
import im.core.delivery.kafka.Outgoing.Push;
import im.core.delivery.kafka.Outgoing.RoomPush;
import im.core.delivery.kafka.Outgoing.SessionPush;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
		log.debug("Record for {} on {}-{}", DeliveryRecords.targetsOf(record), record.partition(), record.offset());
		if (!DeliveryRecords.isFor(record, this.settings.instanceId())) {
			return;
		}
		Outgoing delivery;
		try {
			delivery = DeliveryRecords.read(record, this.settings.instanceId());
		}
		catch (RuntimeException ex) {
			// written by a newer version, or not by an instance at all: the others go on
			log.warn("Skipped a delivery record this instance cannot read ({}-{}): {}", record.partition(),
					record.offset(), ex.toString());
			return;
		}
		deliver(delivery);
		this.timings.transited(record.timestamp(), System.currentTimeMillis());
	}

	private void deliver(Outgoing delivery) {
		switch (delivery) {
			case Push push -> LocalPush.toEach(this.push, push.recipients(), push.queue(), push.json());
			case SessionPush push ->
				this.push.pushToSession(push.user(), push.session().sessionId(), push.queue(), push.json());
			case DevicePush push -> this.push.pushToDevice(push.user(), push.deviceId(), push.queue(), push.json());
			case RoomPush push -> this.push.pushToRoom(push.roomId(), push.json());
			case Broadcast push -> this.push.pushToEveryone(push.queue(), push.json());
			case Disconnect disconnect -> {
				if (disconnect.signIn() == null) {
					this.push.disconnect(disconnect.session().sessionId(), disconnect.code(), disconnect.detail());
				}
				else {
					this.push.disconnectSignIn(disconnect.session().sessionId(), disconnect.signIn(), disconnect.code(),
							disconnect.detail());
				}
			}
		}
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

}
