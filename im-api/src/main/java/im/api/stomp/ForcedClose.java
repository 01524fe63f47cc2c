package im.api.stomp;

import java.time.Duration;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import org.apache.tomcat.websocket.ServerSockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose client may read nothing (too slow, or frames still waiting
 * when a close was asked for): the close frame is sent on a thread of its own with
 * Tomcat's waits made short, and the socket is closed if it is still open after a grace,
 * since such a client never answers the close frame and may never even be sent it.
 */
final class ForcedClose {

	private static final Logger log = LoggerFactory.getLogger(ForcedClose.class);

	/**
	 * Tomcat's session property for how long a blocking send (the close frame) may wait:
	 * short for a client that reads nothing, so that its socket is closed soon.
	 */
	private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	/**
	 * Tomcat's session property for how long, after sending the close frame, it waits for
	 * the client's before closing the socket itself (30 s by default, checked every 10
	 * s): a client too slow to read its frames may never read the close frame either, and
	 * must not hold its socket that long.
	 */
	private static final String SESSION_CLOSE_TIMEOUT = "org.apache.tomcat.websocket.SESSION_CLOSE_TIMEOUT";

	/** The waits above, in milliseconds. */
	private static final long TOMCAT_TIMEOUT_MILLIS = 1000;

	/**
	 * How long after the close the socket is closed if Tomcat has not: twice the close
	 * timeout it is given, so that a client that answers the close frame is not cut
	 * short.
	 */
	private static final Duration SOCKET_CLOSE_GRACE = Duration.ofSeconds(2);

	private ForcedClose() {
	}

	/**
	 * Runs {@code sendClose} (the close frame, through the container) on a virtual thread
	 * of its own, then closes the socket after the grace if it is still open.
	 */
	static void start(String connectionId, Session container, RemoteEndpoint.Async remote, Runnable sendClose) {
		// a pending write makes the close frame wait: not on the sender's thread, and
		// briefly
		container.getUserProperties().put(BLOCKING_SEND_TIMEOUT, TOMCAT_TIMEOUT_MILLIS);
		container.getUserProperties().put(SESSION_CLOSE_TIMEOUT, TOMCAT_TIMEOUT_MILLIS);
		Thread.ofVirtual().name("close-" + connectionId).start(() -> {
			sendClose.run();
			try {
				Thread.sleep(SOCKET_CLOSE_GRACE);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (ServerSockets.closeSocket(remote)) {
				log.debug("Closed the socket of connection {}: its client did not complete the close in {} ms",
						connectionId, SOCKET_CLOSE_GRACE.toMillis());
			}
		});
	}

}
