package im.api.stomp;

import java.util.List;

import im.api.problem.Problems.FieldProblem;
import im.core.error.ErrorCode;

/**
 * A refused STOMP request, sent to the requesting session only on
 * {@code /user/queue/errors}. The same fields as a REST problem detail, plus what it
 * answers: the {@code clientMsgId} of a send, or the {@code requestId} a client put on
 * another request.
 */
public record ClientError(String clientMsgId, String requestId, String type, String title, int status, String code,
		String detail, List<FieldProblem> errors) {

	public static ClientError of(RequestIds ids, ErrorCode code, String detail, List<FieldProblem> errors) {
		return new ClientError(ids.clientMsgId(), ids.requestId(), code.type(), code.title(), code.httpStatus(),
				code.code(), detail, errors.isEmpty() ? null : errors);
	}

	/** Which client request an error answers; either may be null. */
	public record RequestIds(String clientMsgId, String requestId) {

		public static final RequestIds NONE = new RequestIds(null, null);

		/** A request other than a send, which the client may name with a requestId. */
		public static RequestIds request(String requestId) {
			return new RequestIds(null, requestId);
		}

	}

}
