package im.api.stomp;

import java.util.List;

import im.api.problem.Problems;
import im.api.stomp.ClientError.RequestIds;
import im.core.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.simp.annotation.SendToUser;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * Answers every refused or failed STOMP request of every controller on the requesting
 * session's {@code /user/queue/errors}; the connection stays open.
 */
@ControllerAdvice
class StompRequestFailures {

	private static final Logger log = LoggerFactory.getLogger(StompRequestFailures.class);

	@MessageExceptionHandler
	@SendToUser(destinations = "/queue/errors", broadcast = false)
	ClientError rejected(RequestRejected ex) {
		return ex.error();
	}

	@MessageExceptionHandler
	@SendToUser(destinations = "/queue/errors", broadcast = false)
	ClientError unreadable(MessageConversionException ex) {
		return ClientError.of(RequestIds.NONE, ErrorCode.MALFORMED_REQUEST,
				"The frame body is not the JSON this destination takes (see docs/protocol.md).", List.of());
	}

	/**
	 * A frame without a body (Spring refuses an empty payload before anything reads it;
	 * the requests' own rules are checked by {@link StompRequests}).
	 */
	@MessageExceptionHandler
	@SendToUser(destinations = "/queue/errors", broadcast = false)
	ClientError empty(MethodArgumentNotValidException ex) {
		return ClientError.of(RequestIds.NONE, ErrorCode.MALFORMED_REQUEST,
				"The frame has no body; this destination takes JSON (see docs/protocol.md).", List.of());
	}

	@MessageExceptionHandler
	@SendToUser(destinations = "/queue/errors", broadcast = false)
	ClientError unexpected(Exception ex) {
		log.error("Unexpected failure handling a STOMP frame", ex);
		return ClientError.of(RequestIds.NONE, ErrorCode.INTERNAL, Problems.INTERNAL_DETAIL, List.of());
	}

}
