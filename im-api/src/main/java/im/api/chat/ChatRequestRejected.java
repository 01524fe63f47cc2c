package im.api.chat;

import java.util.List;

import im.api.problem.Problems.FieldProblem;
import im.core.error.ErrorCode;

/** A STOMP chat request refused, remembering which client id it concerned. */
class ChatRequestRejected extends RuntimeException {

	private final transient ClientError error;

	ChatRequestRejected(String clientMsgId, ErrorCode code, String detail, List<FieldProblem> errors) {
		super(detail);
		this.error = ClientError.of(clientMsgId, code, detail, errors);
	}

	ClientError error() {
		return this.error;
	}

}
