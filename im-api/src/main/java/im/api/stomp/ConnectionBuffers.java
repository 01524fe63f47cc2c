package im.api.stomp;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * What one open connection costs. Tomcat gives every WebSocket connection buffers when it
 * opens (frame input and output, message assembly, UTF-8 encoding, socket read and
 * write), 8 KB each by default, and Spring's STOMP handler widens the text one to 16,640
 * characters so that a whole frame fits: about 85 KB per idle connection, 10,000 of them
 * in a 1 GB heap (docs/benchmarks.md). Here the buffers are small and frames that do not
 * fit arrive in parts, which Spring's STOMP decoder joins up to
 * {@code IM_STOMP_MAX_MESSAGE_SIZE}: the frame limit stays the documented one.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionBuffers {

	/** Tomcat sizes a connection's frame input, output and encoding buffers from it. */
	private static final String TOMCAT_BUFFER_SIZE = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	/** Message assembly buffers, given to each WebSocket session when it opens. */
	@Bean
	ServletServerContainerFactoryBean webSocketContainer(WebSocketSettings settings) {
		ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
		int size = (int) settings.frameBufferSize().toBytes();
		container.setMaxTextMessageBufferSize(size);
		container.setMaxBinaryMessageBufferSize(size);
		return container;
	}

	/**
	 * Tomcat reads the frame buffer size from a system property when its WebSocket
	 * classes initialise, which happens when the server starts, after this runs. One set
	 * on the command line wins.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> connectionBufferSizes(WebSocketSettings settings) {
		return (factory) -> {
			if (System.getProperty(TOMCAT_BUFFER_SIZE) == null) {
				System.setProperty(TOMCAT_BUFFER_SIZE, Long.toString(settings.frameBufferSize().toBytes()));
			}
			String socket = Long.toString(settings.socketBufferSize().toBytes());
			factory.addConnectorCustomizers((connector) -> {
				connector.setProperty("socket.appReadBufSize", socket);
				connector.setProperty("socket.appWriteBufSize", socket);
				// no cache of closed connections' channels: a WebSocket connection's are
				// given small buffers (OpenConnections), which a later HTTP connection
				// would inherit from the cache
				connector.setProperty("socket.bufferPool", "0");
			});
		};
	}

	/**
	 * Lets Tomcat hand over frames in parts, and keeps Spring's STOMP handler from
	 * widening each connection's buffer to a whole frame: the limit it reads is the frame
	 * limit, which its decoder enforces while joining the parts. And puts each connection
	 * behind its {@link SendQueue}, where everything sent to it goes.
	 */
	static final class PartialFrames extends WebSocketHandlerDecorator {

		/**
		 * The connection whose frame this thread is handing to Spring's STOMP handler:
		 * the errors it reports for a frame it could not read name no connection
		 * ({@link StompErrors}).
		 */
		private static final ThreadLocal<String> READING = new ThreadLocal<>();

		private final int maxMessageSize;

		private final OpenConnections connections;

		PartialFrames(WebSocketHandler delegate, int maxMessageSize, OpenConnections connections) {
			super(delegate);
			this.maxMessageSize = maxMessageSize;
			this.connections = connections;
		}

		@Override
		public boolean supportsPartialMessages() {
			return true;
		}

		@Override
		public void afterConnectionEstablished(WebSocketSession session) throws Exception {
			super.afterConnectionEstablished(
					new FrameLimitedSession(this.connections.opened(session), this.maxMessageSize));
		}

		@Override
		public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
			this.connections.heard(session.getId(), message);
			SendQueue queue = this.connections.get(session.getId());
			if (queue != null) {
				HeldWrites.handlingFrame(queue);
			}
			READING.set(session.getId());
			boolean handled = false;
			try {
				super.handleMessage(session, message);
				handled = true;
			}
			finally {
				READING.remove();
				if (handled && queue != null) {
					HeldWrites.frameHandled(queue, message.isLast());
				}
				else {
					HeldWrites.releaseHeld();
				}
			}
		}

		/** The connection whose frame this thread is reading, or null. */
		static String connectionBeingRead() {
			return READING.get();
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
			this.connections.closed(session.getId());
			super.afterConnectionClosed(session, closeStatus);
		}

	}

	private static final class FrameLimitedSession extends WebSocketSessionDecorator {

		private final int maxMessageSize;

		FrameLimitedSession(WebSocketSession session, int maxMessageSize) {
			super(session);
			this.maxMessageSize = maxMessageSize;
		}

		@Override
		public int getTextMessageSizeLimit() {
			return this.maxMessageSize;
		}

		@Override
		public void setTextMessageSizeLimit(int messageSizeLimit) {
			// the buffer stays small: frames arrive in parts
		}

	}

}
