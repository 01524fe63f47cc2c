package im.core.push;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import im.core.account.UserId;
import im.core.delivery.Delivery;
import im.core.delivery.DeliveryBus;
import im.core.delivery.SessionRegistry;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.error.InvalidField;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;

/**
 * Pushes from integrators to connections, through the delivery bus like everything else
 * that reaches a client. Each answer counts the connections the push was handed to, as
 * the session registry knows them at that moment: the exact count on one instance, an
 * accepted count in a cluster (a connection may close before the push reaches it).
 */
@Service
public class PushService {

	/** The meter of pushes handed over. */
	public static final String ACCEPTED = "im.push.accepted";

	static final String QUEUE = "push";

	private final DeliveryBus bus;

	private final SessionRegistry registry;

	private final PushSettings settings;

	private final JsonMapper json;

	private final Clock clock;

	/** Pushes handed over, by kind of target: the console's pushes per minute. */
	private final Map<String, Counter> accepted = new ConcurrentHashMap<>();

	private final MeterRegistry meters;

	PushService(DeliveryBus bus, SessionRegistry registry, PushSettings settings, JsonMapper json, Clock clock,
			MeterRegistry meters) {
		this.bus = bus;
		this.registry = registry;
		this.settings = settings;
		this.json = json;
		this.clock = clock;
		this.meters = meters;
	}

	/**
	 * Counts a push handed over ({@code im.push.accepted}, tagged by its target: users,
	 * devices, everyone, room).
	 */
	public void accepted(String target) {
		this.accepted
			.computeIfAbsent(target,
					(name) -> Counter.builder(ACCEPTED)
						.description("Integrator pushes handed over for delivery")
						.tag("target", name)
						.register(this.meters))
			.increment();
	}

	/** To every connection of the users; returns how many connections that is. */
	public int toUsers(Collection<UserId> users, String type, JsonNode payload) {
		Set<UserId> targets = new LinkedHashSet<>(users);
		checkTargets(targets.size(), "userIds");
		Push push = push(type, payload);
		int sessions = this.registry.sessionsOf(targets).values().stream().mapToInt(Set::size).sum();
		// each its own delivery: a user's pushes keep their order with the rest of theirs
		for (UserId user : targets) {
			this.bus.publish(new Delivery("u" + user, List.of(user), QUEUE, push));
		}
		accepted("users");
		return sessions;
	}

	/**
	 * To the connections that named each device; returns how many of the devices' users
	 * are connected at all (the registry does not know devices).
	 */
	public int toDevices(Collection<DeviceTarget> devices, String type, JsonNode payload) {
		Set<DeviceTarget> targets = new LinkedHashSet<>(devices);
		checkTargets(targets.size(), "devices");
		Push push = push(type, payload);
		Set<UserId> online = this.registry.sessionsOf(targets.stream().map(DeviceTarget::user).toList()).keySet();
		int reached = 0;
		for (DeviceTarget target : targets) {
			this.bus.publishToDevice(target.user(), target.deviceId(), QUEUE, push);
			if (online.contains(target.user())) {
				reached++;
			}
		}
		accepted("devices");
		return reached;
	}

	/** To every connection on every instance; returns how many there are. */
	public long toEveryone(String type, JsonNode payload) {
		Push push = push(type, payload);
		long sessions = this.registry.sessionCount();
		this.bus.broadcast(QUEUE, push);
		accepted("everyone");
		return sessions;
	}

	private Push push(String type, JsonNode payload) {
		check(type, payload);
		return new Push(type, payload, this.clock.instant());
	}

	/**
	 * Refuses a push's type or payload: a type of 1 to 64 characters, a JSON payload of
	 * at most {@code IM_PUSH_MAX_PAYLOAD_SIZE}.
	 */
	public void check(String type, JsonNode payload) {
		if (type == null || type.isBlank() || type.length() > 64) {
			throw new InvalidField("type", "type must be 1 to 64 characters.");
		}
		if (payload == null || payload.isNull()) {
			throw new InvalidField("payload", "payload must be JSON (an object, array or value).");
		}
		long size = this.json.writeValueAsBytes(payload).length;
		if (size > this.settings.maxPayloadSize().toBytes()) {
			throw new DomainException(ErrorCode.PAYLOAD_TOO_LARGE, "The payload is " + size + " bytes of JSON; at most "
					+ this.settings.maxPayloadSize().toBytes() + " are pushed.");
		}
	}

	private void checkTargets(int count, String field) {
		if (count == 0 || count > this.settings.maxTargets()) {
			throw new InvalidField(field, field + " must name 1 to " + this.settings.maxTargets() + " targets.");
		}
	}

}
