package im.api.stomp;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import im.api.problem.Problems;
import im.api.problem.Causes;
import im.api.problem.Problems.FieldProblem;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.error.Outage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;

/**
 * STOMP ERROR frames in the catalogue's shape: a {@code message} header with the detail,
 * a {@code code} header, and a JSON body with the same fields as a REST problem detail.
 * STOMP requires the server to close the connection after an ERROR frame, and Spring does
 * so.
 */
@Component
class StompErrors extends StompSubProtocolErrorHandler {

	private static final Logger log = LoggerFactory.getLogger(StompErrors.class);

	private final JsonMapper json;

	private final ClientMistake.Log mistakes = new ClientMistake.Log(log);

	private final OpenConnections connections;

	StompErrors(JsonMapper json, OpenConnections connections) {
		this.json = json;
		this.connections = connections;
	}

	/**
	 * Spring's STOMP handler reports a frame it could not take. The ERROR frame goes to
	 * the connection's {@link SendQueue} as its last
	 * ({@link OpenConnections#closeWithError}) rather than back to Spring: Spring would
	 * send it through its session decorator and close at once, and while another thread
	 * was sending to the connection (an acknowledgement, a push) the decorator held the
	 * frame and the close dropped it. The client then saw a close without the reason. A
	 * frame that arrives after its connection's ERROR is answered with nothing: the
	 * connection is already ending.
	 */
	@Override
	public Message<byte[]> handleClientMessageProcessingError(Message<byte[]> clientMessage, Throwable ex) {
		if (ClientMistake.lateFrame(ex)) {
			return null;
		}
		String sessionId = (clientMessage != null) ? SimpMessageHeaderAccessor.getSessionId(clientMessage.getHeaders())
				: null;
		if (sessionId == null) {
			sessionId = ConnectionBuffers.PartialFrames.connectionBeingRead();
		}
		if (sessionId == null) {
			return refusal(clientMessage, ex);
		}
		if (!this.connections.closing(sessionId)) {
			// a frame the inbound channel refused was answered there (InboundFailures)
			this.connections.closeWithError(sessionId, refusal(clientMessage, ex));
		}
		return null;
	}

	/** The ERROR frame that answers a client's frame refused with the exception. */
	Message<byte[]> refusal(Message<byte[]> clientMessage, Throwable ex) {
		DomainException domain = Causes.find(ex, DomainException.class);
		ErrorCode code;
		String detail;
		List<FieldProblem> fields = List.of();
		if (domain != null) {
			code = domain.errorCode();
			detail = domain.getMessage();
			fields = Problems.fieldsOf(domain);
		}
		else if (Outage.explains(ex)) {
			log.warn("A STOMP frame failed, a service it needs is unavailable: {}", ex.toString());
			code = ErrorCode.SERVICE_UNAVAILABLE;
			detail = "A service this connection needs is not answering; connect again in a few seconds.";
		}
		else if (Causes.find(ex, AccessDeniedException.class) != null) {
			code = ErrorCode.FORBIDDEN;
			detail = "This destination is not open to you.";
		}
		else if (ClientMistake.of(ex) instanceof ClientMistake mistake) {
			code = mistake.code();
			detail = mistake.detail();
			this.mistakes.warn(mistake);
		}
		else {
			log.error("Unexpected failure handling a STOMP frame", ex);
			code = ErrorCode.INTERNAL;
			detail = Problems.INTERNAL_DETAIL;
		}
		StompHeaderAccessor client = (clientMessage != null)
				? MessageHeaderAccessor.getAccessor(clientMessage, StompHeaderAccessor.class) : null;
		return frame(code, detail, fields, (client != null) ? client.getReceipt() : null);
	}

	/**
	 * An ERROR frame for closing a connection from the server side
	 * ({@link OpenConnections#closeWithError}).
	 */
	Message<byte[]> frameFor(ErrorCode code, String detail) {
		return frame(code, detail, List.of(), null);
	}

	private Message<byte[]> frame(ErrorCode code, String detail, List<FieldProblem> fields, String receiptId) {
		StompHeaderAccessor accessor = StompHeaderAccessor.create(StompCommand.ERROR);
		accessor.setMessage(detail);
		accessor.setNativeHeader("code", code.code());
		accessor.setContentType(MimeTypeUtils.APPLICATION_JSON);
		if (receiptId != null) {
			accessor.setReceiptId(receiptId);
		}
		accessor.setLeaveMutable(true);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", code.type());
		body.put("title", code.title());
		body.put("status", code.httpStatus());
		body.put("detail", detail);
		body.put("code", code.code());
		if (!fields.isEmpty()) {
			body.put("errors", fields);
		}
		byte[] payload = this.json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
		return MessageBuilder.createMessage(payload, accessor.getMessageHeaders());
	}

}
