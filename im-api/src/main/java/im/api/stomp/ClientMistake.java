package im.api.stomp;

import java.util.concurrent.atomic.AtomicLong;

import im.core.error.ErrorCode;
import org.slf4j.Logger;

import org.springframework.messaging.simp.stomp.StompConversionException;
import org.springframework.util.InvalidMimeTypeException;

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
		String message = shown((ex.getMessage() != null) ? ex.getMessage() : "");
		if (ex instanceof InvalidMimeTypeException) {
			return new ClientMistake(ErrorCode.MALFORMED_REQUEST,
					"The content-type header is no media type: " + message);
		}
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
	 * Spring's message quotes the client's frame: what goes back in the ERROR frame's
	 * header has no control characters (a NUL there would end the frame) and is short.
	 */
	private static String shown(String message) {
		String printable = message.replaceAll("\\p{Cntrl}", "?");
		return (printable.length() > 200) ? printable.substring(0, 200) + "..." : printable;
	}

	/**
	 * Whether the exception is Spring's for a frame that arrived after its connection's
	 * STOMP session ended (its ERROR frame sent, the close under way): nothing to answer.
	 */
	static boolean lateFrame(Throwable ex) {
		return ex instanceof IllegalStateException && ex.getMessage() != null
				&& ex.getMessage().startsWith("No decoder for session id");
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
