package im.api.stomp;

import java.util.concurrent.atomic.AtomicLong;

import im.core.error.ErrorCode;
import org.slf4j.Logger;

import org.springframework.messaging.simp.stomp.StompConversionException;

/**
 * A STOMP frame that Spring could not take because of the client: unreadable, too large,
 * an unknown command, or anything but CONNECT on a connection that has not sent one.
 * Spring reports each as a bare exception, told apart only by its type and message; these
 * are answered with the code that names the client's mistake and cost the log one line
 * now and then, as anyone can send them.
 */
record ClientMistake(ErrorCode code, String detail) {

	/** The mistake an exception of Spring's STOMP handler stands for, or null. */
	static ClientMistake of(Throwable ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage() : "";
		if (ex instanceof StompConversionException) {
			if (message.contains("buffer size limit")) {
				return new ClientMistake(ErrorCode.PAYLOAD_TOO_LARGE,
						"The frame is larger than this server takes (IM_STOMP_MAX_MESSAGE_SIZE).");
			}
			return new ClientMistake(ErrorCode.MALFORMED_REQUEST, "The frame is not valid STOMP: " + message);
		}
		if (ex instanceof IllegalArgumentException && message.startsWith("No enum constant")
				&& message.contains("StompCommand")) {
			return new ClientMistake(ErrorCode.MALFORMED_REQUEST,
					"Unknown STOMP command (commands are upper case: CONNECT, SUBSCRIBE, SEND, ...).");
		}
		if (ex instanceof IllegalStateException && message.startsWith("Unknown session")) {
			return new ClientMistake(ErrorCode.UNAUTHENTICATED,
					"Send CONNECT with an access token before any other frame.");
		}
		return null;
	}

	/**
	 * Warns of client mistakes in one line, at most once every {@link #QUIET_NANOS}, with
	 * how many went unlogged since the last line.
	 */
	static final class Log {

		private static final long QUIET_NANOS = 10_000_000_000L;

		private final Logger log;

		private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - QUIET_NANOS);

		private final AtomicLong unlogged = new AtomicLong();

		Log(Logger log) {
			this.log = log;
		}

		void warn(ClientMistake mistake) {
			long now = System.nanoTime();
			long last = this.lastLogged.get();
			if (now - last < QUIET_NANOS || !this.lastLogged.compareAndSet(last, now)) {
				this.unlogged.incrementAndGet();
				return;
			}
			this.log.warn("A STOMP client's frame was refused ({}): {} ({} more refused since the last of these lines)",
					mistake.code().code(), mistake.detail(), this.unlogged.getAndSet(0));
		}

	}

}
