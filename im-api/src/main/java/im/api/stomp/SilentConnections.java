package im.api.stomp;

import java.time.Duration;

import im.core.error.ErrorCode;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Closes a connection that sent no CONNECT within {@code IM_STOMP_CONNECT_TIMEOUT} of
 * opening ({@code code:unauthenticated}), one that began a frame and has not finished it
 * within {@code IM_STOMP_FRAME_TIMEOUT} ({@code code:malformed-request}), and one whose
 * client asked for heart-beats and then went silent for three intervals (a phone that
 * died, a network that dropped without a reset), with an ERROR frame,
 * {@code code:heartbeat-timeout}: its user goes offline, its device slot and room places
 * are freed.
 * <p>
 * Why not Spring's broker, which offers the same: it counts every message that names a
 * session as that client having spoken, and every push to a connection names it. A dead
 * connection of a user who kept receiving messages stayed open for ever, and the one that
 * was closed got an ERROR frame without a code. Here only what the client sends counts
 * (any frame, a heart-beat's newline included), and the broker is told that the client
 * sends none, which turns its own check off; CONNECTED still offers the server's
 * heart-beats both ways.
 */
@Component
class SilentConnections implements ChannelInterceptor {

	/** STOMP 1.2: "it MAY consider the connection as dead" after some tolerance. */
	private static final int INTERVALS = 3;

	private final OpenConnections connections;

	private final StompErrors errors;

	private final long serverExpectsMillis;

	private final Duration connectTimeout;

	private final Duration frameTimeout;

	SilentConnections(OpenConnections connections, StompErrors errors, WebSocketSettings settings) {
		this.connections = connections;
		this.errors = errors;
		this.serverExpectsMillis = settings.heartbeat().toMillis();
		this.connectTimeout = settings.connectTimeout();
		this.frameTimeout = settings.frameTimeout();
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (accessor == null || accessor.getCommand() != StompCommand.CONNECT || accessor.getSessionId() == null) {
			return message;
		}
		long[] asked = accessor.getHeartbeat();
		SendQueue connection = this.connections.get(accessor.getSessionId());
		if (connection != null && asked[0] > 0 && this.serverExpectsMillis > 0) {
			connection.deadlines()
				.closeWhenSilentFor(Duration.ofMillis(Math.max(asked[0], this.serverExpectsMillis) * INTERVALS));
		}
		accessor.setHeader(SimpMessageHeaderAccessor.HEART_BEAT_HEADER, new long[] { 0, asked[1] });
		return message;
	}

	@Scheduled(fixedDelay = 1000, initialDelay = 1000)
	void closeSilent() {
		long now = System.nanoTime();
		for (SendQueue connection : this.connections.all()) {
			if (connection.closing()) {
				continue;
			}
			ClientDeadlines deadlines = connection.deadlines();
			if (deadlines.connectOverdue(now)) {
				this.connections.closeWithError(connection.getId(), this.errors.frameFor(ErrorCode.UNAUTHENTICATED,
						"No CONNECT came within " + this.connectTimeout.toSeconds() + " s of opening the connection."));
				continue;
			}
			Duration unfinished = deadlines.frameUnfinishedFor(now, this.frameTimeout);
			if (unfinished != null) {
				this.connections.closeWithError(connection.getId(),
						this.errors.frameFor(ErrorCode.MALFORMED_REQUEST, "A frame begun " + unfinished.toMillis()
								+ " ms ago is still not finished (a NUL ends every frame); connect again."));
				continue;
			}
			Duration silent = deadlines.silentFor(now);
			if (silent != null) {
				this.connections.closeWithError(connection.getId(),
						this.errors.frameFor(ErrorCode.HEARTBEAT_TIMEOUT, "Nothing came from this connection for "
								+ silent.toMillis() + " ms, not even a heart-beat; connect again."));
			}
		}
	}

}
