package im.api.stomp;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.broker.SubscriptionRegistry;
import org.springframework.util.MultiValueMap;

/**
 * The subscription registry of Spring's simple broker, which keeps none: every
 * subscription a client may make is kept where its frames are written, a live room's by
 * {@link RoomFanout}, a user queue's by {@link UserQueues}, and nothing is published
 * through the broker. The broker still answers CONNECT and keeps the heart-beats.
 * <p>
 * Spring's own registry held, for every subscription of every connection, a map entry, an
 * object and its strings, and a map per connection: memory for nothing (an idle
 * connection's cost, docs/benchmarks.md). Should something publish through the broker
 * after all, it fails here, loudly, instead of reaching nobody.
 */
final class NoBrokerSubscriptions implements SubscriptionRegistry {

	/** Kept by {@link RoomFanout} or {@link UserQueues}, which saw it on its way here. */
	@Override
	public void registerSubscription(Message<?> subscribeMessage) {
	}

	@Override
	public void unregisterSubscription(Message<?> unsubscribeMessage) {
	}

	@Override
	public void unregisterAllSubscriptions(String sessionId) {
	}

	@Override
	public MultiValueMap<String, String> findSubscriptions(Message<?> message) {
		throw new IllegalStateException("Nothing is published through Spring's broker: write to a live room with "
				+ "RoomFanout, to a connection's user queue with UserQueues (destination "
				+ SimpMessageHeaderAccessor.getDestination(message.getHeaders()) + ")");
	}

}
