package im.api.stomp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.springframework.context.event.EventListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.simp.user.UserDestinationMessageHandler;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * The user queues ({@code /user/queue/<name>}) each connection subscribed to, so that a
 * push to a connection is written as a MESSAGE frame straight into its {@link SendQueue}
 * ({@link StompClientPush}), as a live room's are: past Spring's user destination
 * handler, its broker and its STOMP handler, which together were a quarter of a chat
 * message's CPU, re-resolving for every frame the session and subscription that this
 * keeps.
 * <p>
 * A subscription counts once Spring has registered it, before its RECEIPT is sent
 * ({@link SubscriptionReceipts} is registered before this interceptor on the channel, and
 * the channel tells its interceptors that a message was handled in the reverse order): a
 * client that waits for the receipt misses nothing pushed after it. An UNSUBSCRIBE stops
 * the pushes as soon as it arrives, the connection's end forgets them all.
 */
@Component
class UserQueues implements ExecutorChannelInterceptor {

	static final String PREFIX = "/user/queue/";

	private final Map<String, List<Subscription>> bySession = new ConcurrentHashMap<>();

	private final AtomicLong messageIds = new AtomicLong();

	private final OpenConnections connections;

	UserQueues(OpenConnections connections) {
		this.connections = connections;
	}

	/** Writes the JSON to each of the connection's subscriptions to the user queue. */
	void push(String sessionId, String queue, byte[] json) {
		List<Subscription> subscriptions = this.bySession.get(sessionId);
		if (subscriptions == null) {
			return;
		}
		SendQueue connection = null;
		for (Subscription subscription : subscriptions) {
			if (!subscription.queue().equals(queue)) {
				continue;
			}
			if (connection == null) {
				connection = this.connections.get(sessionId);
				if (connection == null) {
					return;
				}
			}
			connection.sendFrames(StompFrames.message(PREFIX + queue, subscription.escapedId(),
					"u-" + this.messageIds.incrementAndGet(), json));
		}
	}

	/** The server ended the subscription (a member removed from a conversation). */
	void unsubscribed(String sessionId, String subscriptionId) {
		this.bySession.computeIfPresent(sessionId, (id, subscriptions) -> without(subscriptions, subscriptionId));
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (accessor != null && accessor.getCommand() == StompCommand.UNSUBSCRIBE && accessor.getSessionId() != null
				&& accessor.getSubscriptionId() != null) {
			unsubscribed(accessor.getSessionId(), accessor.getSubscriptionId());
		}
		return message;
	}

	/**
	 * Spring's user destination handler registered the subscription with the broker (it
	 * does so synchronously): every refusal came before.
	 */
	@Override
	public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler, Exception ex) {
		if (ex != null || !(handler instanceof UserDestinationMessageHandler)) {
			return;
		}
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (accessor == null || accessor.getCommand() != StompCommand.SUBSCRIBE || accessor.getSessionId() == null
				|| accessor.getSubscriptionId() == null || accessor.getDestination() == null
				|| !accessor.getDestination().startsWith(PREFIX)) {
			return;
		}
		Subscription subscription = new Subscription(accessor.getDestination().substring(PREFIX.length()),
				accessor.getSubscriptionId(), StompFrames.escape(accessor.getSubscriptionId()));
		this.bySession.compute(accessor.getSessionId(),
				(id, old) -> (old == null) ? List.of(subscription)
						: Stream
							.concat(old.stream().filter((kept) -> !kept.id().equals(subscription.id())),
									Stream.of(subscription))
							.toList());
	}

	@EventListener
	void on(SessionDisconnectEvent event) {
		this.bySession.remove(event.getSessionId());
	}

	private static List<Subscription> without(List<Subscription> subscriptions, String subscriptionId) {
		List<Subscription> kept = subscriptions.stream()
			.filter((subscription) -> !subscription.id().equals(subscriptionId))
			.toList();
		return kept.isEmpty() ? null : kept;
	}

	/**
	 * @param queue the queue's name ({@code messages} for {@code /user/queue/messages})
	 * @param id the client's id for the subscription
	 * @param escapedId that id as a MESSAGE frame's header carries it
	 */
	private record Subscription(String queue, String id, String escapedId) {
	}

}
