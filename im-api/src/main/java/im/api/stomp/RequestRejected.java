package im.api.chat;

import java.util.List;

import im.api.chat.ClientError.RequestIds;
import im.api.problem.Problems.FieldProblem;
import im.core.error.ErrorCode;

/** A STOMP chat request refused, remembering which client request it concerned. */
class ChatRequestRejected extends RuntimeException {

	private final transient ClientError error;

	ChatRequestRejected(RequestIds ids, ErrorCode code, String detail, List<FieldProblem> errors) {
		super(detail);
		this.error = ClientError.of(ids, code, detail, errors);
	}

	ClientError error() {
		return this.error;
	}

}
