package im.api.stomp;

import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.broker.AbstractBrokerMessageHandler;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.messaging.simp.user.UserDestinationResolver;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.DelegatingWebSocketMessageBrokerConfiguration;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * Spring's STOMP broker configuration ({@code @EnableWebSocketMessageBroker}'s), with
 * three changes: the broker keeps no subscriptions ({@link NoBrokerSubscriptions}), nor
 * does the user registry ({@link ConnectedUsers}), and Spring's STOMP handler sends to
 * each connection's {@link SendQueue} itself, not through the send buffer Spring puts in
 * front of every connection.
 * <p>
 * That buffer is redundant behind a {@code SendQueue} (which never blocks a sender and
 * keeps the connection's limits), costs every connection a queue and two locks, and drops
 * frames: when one thread is sending to a connection and another queues an ERROR frame
 * and closes, the first thread finds the close begun and throws the ERROR frame away, so
 * the client sees the connection closed without being told why.
 */
@Configuration(proxyBeanMethods = false)
class StompBrokerConfiguration extends DelegatingWebSocketMessageBrokerConfiguration {

	@Bean
	@Override
	public @Nullable AbstractBrokerMessageHandler simpleBrokerMessageHandler(
			AbstractSubscribableChannel clientInboundChannel, AbstractSubscribableChannel clientOutboundChannel,
			AbstractSubscribableChannel brokerChannel, UserDestinationResolver userDestinationResolver) {
		AbstractBrokerMessageHandler handler = super.simpleBrokerMessageHandler(clientInboundChannel,
				clientOutboundChannel, brokerChannel, userDestinationResolver);
		if (handler instanceof SimpleBrokerMessageHandler broker) {
			broker.setSubscriptionRegistry(new NoBrokerSubscriptions());
		}
		return handler;
	}

	/** Ours, by its type: {@link StompClientPush} reads it for every push to a user. */
	@Bean
	@Override
	public ConnectedUsers userRegistry(AbstractSubscribableChannel clientInboundChannel,
			AbstractSubscribableChannel clientOutboundChannel) {
		return new ConnectedUsers();
	}

	/** Not called: {@link #userRegistry} makes the registry itself. */
	@Override
	protected SimpUserRegistry createLocalUserRegistry(@Nullable Integer order) {
		throw new UnsupportedOperationException("The user registry is ConnectedUsers (userRegistry)");
	}

	@Bean
	@Override
	public WebSocketHandler subProtocolWebSocketHandler(AbstractSubscribableChannel clientInboundChannel,
			AbstractSubscribableChannel clientOutboundChannel) {
		SubProtocolWebSocketHandler handler = new QueuedConnectionsHandler(clientInboundChannel, clientOutboundChannel);
		handler.setPhase(getPhase());
		return handler;
	}

	private static final class QueuedConnectionsHandler extends SubProtocolWebSocketHandler {

		QueuedConnectionsHandler(AbstractSubscribableChannel clientInboundChannel,
				AbstractSubscribableChannel clientOutboundChannel) {
			super(clientInboundChannel, clientOutboundChannel);
		}

		/** The connection as it is: what is sent to it goes to its SendQueue. */
		@Override
		protected WebSocketSession decorateSession(WebSocketSession session) {
			return session;
		}

	}

}
