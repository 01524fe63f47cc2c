package im.api.chat;

import java.util.List;

import im.api.problem.Problems.FieldProblem;
import im.core.error.ErrorCode;

/**
 * A refused STOMP request, sent to the requesting session only on
 * {@code /user/queue/errors}. The same fields as a REST problem detail, plus the
 * {@code clientMsgId} (or request id) it answers, so the client knows which of its
 * messages failed.
 */
record ClientError(String clientMsgId, String type, String title, int status, String code, String detail,
		List<FieldProblem> errors) {

	static ClientError of(String clientMsgId, ErrorCode code, String detail, List<FieldProblem> errors) {
		return new ClientError(clientMsgId, code.type(), code.title(), code.httpStatus(), code.code(), detail,
				errors.isEmpty() ? null : errors);
	}

}
