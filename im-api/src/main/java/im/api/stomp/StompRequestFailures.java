package im.api.stomp;

import java.util.List;

import im.api.problem.Problems;
import im.api.stomp.ClientError.RequestIds;
import im.core.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * Answers every refused or failed STOMP request of every controller on the requesting
 * connection's {@code /user/queue/errors} ({@link UserQueues}, as every push to a
 * connection); the connection stays open.
 */
@ControllerAdvice
class StompRequestFailures {

	private static final Logger log = LoggerFactory.getLogger(StompRequestFailures.class);

	private final UserQueues queues;

	private final JsonMapper json;

	StompRequestFailures(UserQueues queues, JsonMapper json) {
		this.queues = queues;
		this.json = json;
	}

	@MessageExceptionHandler
	void rejected(RequestRejected ex, @Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId) {
		answer(sessionId, ex.error());
	}

	@MessageExceptionHandler
	void unreadable(MessageConversionException ex,
			@Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId) {
		answer(sessionId, ClientError.of(RequestIds.NONE, ErrorCode.MALFORMED_REQUEST,
				"The frame body is not the JSON this destination takes (see docs/protocol.md).", List.of()));
	}

	/**
	 * A frame without a body (Spring refuses an empty payload before anything reads it;
	 * the requests' own rules are checked by {@link StompRequests}).
	 */
	@MessageExceptionHandler
	void empty(MethodArgumentNotValidException ex,
			@Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId) {
		answer(sessionId, ClientError.of(RequestIds.NONE, ErrorCode.MALFORMED_REQUEST,
				"The frame has no body; this destination takes JSON (see docs/protocol.md).", List.of()));
	}

	@MessageExceptionHandler
	void unexpected(Exception ex, @Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId) {
		log.error("Unexpected failure handling a STOMP frame", ex);
		answer(sessionId, ClientError.of(RequestIds.NONE, ErrorCode.INTERNAL, Problems.INTERNAL_DETAIL, List.of()));
	}

	private void answer(String sessionId, ClientError error) {
		this.queues.push(sessionId, "errors", this.json.writeValueAsBytes(error));
	}

}
