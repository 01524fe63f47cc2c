package im.core.delivery.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import im.core.account.UserId;
import im.core.delivery.ClusterSettings;
import im.core.delivery.SessionAddress;
import im.core.delivery.kafka.Outgoing.Broadcast;
import im.core.delivery.kafka.Outgoing.DevicePush;
import im.core.delivery.kafka.Outgoing.Disconnect;
import im.core.delivery.kafka.Outgoing.Push;
import im.core.delivery.kafka.Outgoing.RoomPush;
import im.core.delivery.kafka.Outgoing.SessionPush;
import im.core.error.ErrorCode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * How a delivery travels between instances on the Kafka topic, in one place: the relay
 * writes it ({@link #addressed}), the listener reads it ({@link #isFor}, {@link #read}).
 * <p>
 * A record's value is the payload (a disconnect's: its detail). Its headers say which
 * instances it is for ({@code im-targets}: instance ids, or {@code *} for every one;
 * {@code im-except}: one that already has it) and what it is ({@code im-kind}), with what
 * that kind needs: the queue, the recipients, a session, a device, a room, an error code.
 * Its key keeps what must stay in order on one partition: one conversation's messages,
 * one session's signals, one room's pushes. The names and values are those of earlier
 * versions, so that instances of two versions understand each other while a deployment is
 * upgraded one instance at a time.
 */
final class DeliveryRecords {

	/** The targets of a record for every instance. */
	static final String EVERY_INSTANCE = "*";

	private static final String TARGETS = "im-targets";

	/** An instance that already has the delivery, though it is one of the targets. */
	private static final String EXCEPT = "im-except";

	private static final String KIND = "im-kind";

	private static final String QUEUE = "im-queue";

	/** User ids, separated by commas. */
	private static final String RECIPIENTS = "im-recipients";

	private static final String SESSION = "im-session";

	private static final String CODE = "im-code";

	private static final String DEVICE = "im-device";

	private static final String SIGN_IN = "im-sign-in";

	private static final String ROOM = "im-room";

	private DeliveryRecords() {
	}

	/**
	 * The records that take the delivery to the targets: one for each partition they read
	 * ({@link DeliveryPartitions}), naming the targets that read it; for
	 * {@link #EVERY_INSTANCE}, one on the partition every instance reads, which
	 * {@code alreadyPushedBy} (an instance id, or null) skips.
	 */
	static List<ProducerRecord<String, byte[]>> addressed(Outgoing delivery, Set<String> targets,
			String alreadyPushedBy, ClusterSettings settings) {
		String key = keyOf(delivery);
		Headers headers = headersOf(delivery);
		byte[] value = valueOf(delivery);
		if (targets.contains(EVERY_INSTANCE)) {
			Headers everyone = copy(headers, TARGETS, EVERY_INSTANCE);
			if (alreadyPushedBy != null) {
				everyone.add(EXCEPT, bytes(alreadyPushedBy));
			}
			return List
				.of(new ProducerRecord<>(settings.topic(), DeliveryPartitions.EVERY_INSTANCE, key, value, everyone));
		}
		Map<Integer, List<String>> readers = new TreeMap<>();
		for (String target : targets) {
			readers.computeIfAbsent(DeliveryPartitions.of(target, settings.partitions()), (p) -> new ArrayList<>())
				.add(target);
		}
		List<ProducerRecord<String, byte[]>> records = new ArrayList<>(readers.size());
		readers.forEach((partition, instances) -> records.add(new ProducerRecord<>(settings.topic(), partition, key,
				value, copy(headers, TARGETS, String.join(",", instances)))));
		return records;
	}

	/** Whether the record is for the instance (and it does not have it already). */
	static boolean isFor(ConsumerRecord<String, byte[]> record, String instanceId) {
		String targets = header(record, TARGETS);
		return targets != null
				&& (targets.equals(EVERY_INSTANCE) || Arrays.asList(targets.split(",")).contains(instanceId))
				&& !instanceId.equals(header(record, EXCEPT));
	}

	/** Whom the record is for, for the log. */
	static String targetsOf(ConsumerRecord<String, byte[]> record) {
		return header(record, TARGETS);
	}

	/**
	 * The delivery the record carries, as the instance it is for pushes it: a session's
	 * address names that instance; a push has no outbox row there.
	 * @throws IllegalArgumentException for a kind this version does not know
	 */
	static Outgoing read(ConsumerRecord<String, byte[]> record, String instanceId) {
		String kind = header(record, KIND);
		String queue = header(record, QUEUE);
		return switch ((kind != null) ? kind : "") {
			case "push" -> new Push(null, record.key(),
					Arrays.stream(header(record, RECIPIENTS).split(",")).map(UserId::of).toList(), queue,
					record.value());
			case "session-push" -> new SessionPush(new SessionAddress(instanceId, header(record, SESSION)),
					UserId.of(header(record, RECIPIENTS)), queue, record.value());
			case "device-push" ->
				new DevicePush(UserId.of(header(record, RECIPIENTS)), header(record, DEVICE), queue, record.value());
			case "room" -> new RoomPush(header(record, ROOM), record.value());
			case "broadcast" -> new Broadcast(queue, record.value());
			case "disconnect" -> new Disconnect(new SessionAddress(instanceId, header(record, SESSION)),
					ErrorCode.valueOf(header(record, CODE)), new String(record.value(), StandardCharsets.UTF_8),
					header(record, SIGN_IN));
			default -> throw new IllegalArgumentException("A delivery of an unknown kind: " + kind);
		};
	}

	/**
	 * What keeps order on a partition: a push's own key (its conversation's), a session's
	 * or a user's id, a room's.
	 */
	private static String keyOf(Outgoing delivery) {
		return switch (delivery) {
			case Push push -> push.key();
			case SessionPush push -> "s" + push.session().sessionId();
			case DevicePush push -> "u" + push.user();
			case RoomPush push -> "r" + push.roomId();
			case Broadcast push -> "broadcast";
			case Disconnect disconnect -> "s" + disconnect.session().sessionId();
		};
	}

	private static Headers headersOf(Outgoing delivery) {
		return switch (delivery) {
			case Push push -> headers(KIND, "push", QUEUE, push.queue(), RECIPIENTS,
					push.recipients().stream().map(UserId::toString).collect(Collectors.joining(",")));
			case SessionPush push -> headers(KIND, "session-push", SESSION, push.session().sessionId(), QUEUE,
					push.queue(), RECIPIENTS, push.user().toString());
			case DevicePush push -> headers(KIND, "device-push", QUEUE, push.queue(), RECIPIENTS,
					push.user().toString(), DEVICE, push.deviceId());
			case RoomPush push -> headers(KIND, "room", ROOM, push.roomId());
			case Broadcast push -> headers(KIND, "broadcast", QUEUE, push.queue());
			case Disconnect disconnect -> {
				Headers headers = headers(KIND, "disconnect", SESSION, disconnect.session().sessionId(), CODE,
						disconnect.code().name());
				if (disconnect.signIn() != null) {
					headers.add(SIGN_IN, bytes(disconnect.signIn()));
				}
				yield headers;
			}
		};
	}

	private static byte[] valueOf(Outgoing delivery) {
		return switch (delivery) {
			case Push push -> push.json();
			case SessionPush push -> push.json();
			case DevicePush push -> push.json();
			case RoomPush push -> push.json();
			case Broadcast push -> push.json();
			case Disconnect disconnect -> bytes(disconnect.detail());
		};
	}

	/** Headers from names and values, alternating. */
	private static Headers headers(String... namesAndValues) {
		Headers headers = new RecordHeaders();
		for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
			headers.add(namesAndValues[i], bytes(namesAndValues[i + 1]));
		}
		return headers;
	}

	/** A record's own copy (the producer seals a record's headers when it sends it). */
	private static Headers copy(Headers headers, String name, String value) {
		Headers copy = new RecordHeaders(headers.toArray());
		copy.add(name, bytes(value));
		return copy;
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
