package im.api.stomp;

import java.util.List;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/**
 * STOMP at {@code /ws}. Ordered before Spring Security's message configurer (which sits
 * at HIGHEST_PRECEDENCE + 100) so that CONNECT is authenticated before it is authorised.
 */
@Configuration(proxyBeanMethods = false)
@Import(StompBrokerConfiguration.class)
@Order(Ordered.HIGHEST_PRECEDENCE + 99)
class StompConfiguration implements WebSocketMessageBrokerConfigurer {

	private final WebSocketSettings settings;

	private final InboundFailures failures;

	private final ConnectAuthenticator authenticator;

	private final StompErrors errors;

	private final SubscriptionReceipts receipts;

	private final RoomSubscriptions rooms;

	private final TaskScheduler brokerScheduler;

	private final OpenConnections connections;

	private final SilentConnections silent;

	private final RequiredHeaders headers;

	private final UserQueues userQueues;

	/**
	 * The broker's scheduler is Spring's own, created by the configuration this class
	 * configures: hence lazy. So are the rooms, whose service pushes through the broker.
	 */
	StompConfiguration(WebSocketSettings settings, InboundFailures failures, ConnectAuthenticator authenticator,
			StompErrors errors, SubscriptionReceipts receipts, @Lazy RoomSubscriptions rooms,
			@Lazy @Qualifier("messageBrokerTaskScheduler") TaskScheduler brokerScheduler, OpenConnections connections,
			SilentConnections silent, RequiredHeaders headers, UserQueues userQueues) {
		this.settings = settings;
		this.failures = failures;
		this.authenticator = authenticator;
		this.errors = errors;
		this.receipts = receipts;
		this.rooms = rooms;
		this.brokerScheduler = brokerScheduler;
		this.connections = connections;
		this.silent = silent;
		this.headers = headers;
		this.userQueues = userQueues;
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/ws")
			.setHandshakeHandler(new DefaultHandshakeHandler(new HeaderlessUpgrade()))
			// before the origin check that these patterns add
			.addInterceptors(new ReadableOrigins())
			.setAllowedOriginPatterns(this.settings.allowedOrigins().toArray(String[]::new));
		registry.setErrorHandler(this.errors);
		// every connection starts with a handshake: found first, not after the REST API's
		// mappings were each matched against /ws (a tenth of the handshake's cost)
		registry.setOrder(Ordered.HIGHEST_PRECEDENCE);
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		long heartbeat = this.settings.heartbeat().toMillis();
		registry.enableSimpleBroker("/queue", "/topic")
			.setHeartbeatValue(new long[] { heartbeat, heartbeat })
			.setTaskScheduler(this.brokerScheduler);
		registry.setApplicationDestinationPrefixes("/app");
		registry.setUserDestinationPrefix("/user");
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		// user queues after the receipts: told that a SUBSCRIBE was handled before them
		registration.interceptors(this.failures, this.authenticator, this.headers, this.silent, this.rooms,
				this.receipts, this.userQueues);
		// each frame is handled on the thread that read it: Tomcat reads one connection's
		// frames one at a time, so "A" then "B" is stored as A, B without an ordered
		// channel, and a hand-off to a pool per frame was a tenth of a chat message's CPU
		registration.executor(new SyncTaskExecutor());
	}

	/**
	 * What is pushed to a connection is encoded and queued to its {@link SendQueue} on
	 * the thread that published it, which never waits there: no hand-off to another
	 * thread per frame, and one thread's frames to a connection leave in the order it
	 * published them.
	 */
	@Override
	public void configureClientOutboundChannel(ChannelRegistration registration) {
		registration.executor(new SyncTaskExecutor());
	}

	/** {@code UserId} parameters of {@code @MessageMapping} methods: the sender. */
	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> argumentResolvers) {
		argumentResolvers.add(new SenderArgument());
	}

	@Override
	public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
		int maxMessageSize = (int) this.settings.maxMessageSize().toBytes();
		// the send buffer and time limits are kept by each connection's SendQueue, where
		// Spring's own send decorator hands its frames at once
		registration
			.addDecoratorFactory(
					(handler) -> new ConnectionBuffers.PartialFrames(handler, maxMessageSize, this.connections))
			.setMessageSizeLimit(maxMessageSize);
	}

}
