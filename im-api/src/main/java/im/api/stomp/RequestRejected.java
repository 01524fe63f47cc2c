package im.api.stomp;

import java.util.List;

import im.api.problem.Problems.FieldProblem;
import im.api.stomp.ClientError.RequestIds;
import im.core.error.ErrorCode;

/** A STOMP request refused, remembering which client request it concerned. */
public class RequestRejected extends RuntimeException {

	private final transient ClientError error;

	public RequestRejected(RequestIds ids, ErrorCode code, String detail, List<FieldProblem> errors) {
		super(detail);
		this.error = ClientError.of(ids, code, detail, errors);
	}

	ClientError error() {
		return this.error;
	}

}
