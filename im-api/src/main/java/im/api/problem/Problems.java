package im.api.problem;

import java.net.URI;
import java.util.List;

import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.error.InvalidField;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds problem details from the error catalogue, so every REST error has the same
 * shape.
 */
public final class Problems {

	/** What a client is told of a failure on our side; the details go to the log. */
	public static final String INTERNAL_DETAIL = "Something went wrong on our side; it has been logged.";

	private Problems() {
	}

	public static ProblemDetail of(ErrorCode code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(code.httpStatus()), detail);
		problem.setType(URI.create(code.type()));
		problem.setTitle(code.title());
		problem.setProperty("code", code.code());
		return problem;
	}

	/** The domain's refusal, with the field it names if it names one. */
	public static ProblemDetail of(DomainException refusal) {
		List<FieldProblem> errors = fieldsOf(refusal);
		return errors.isEmpty() ? of(refusal.errorCode(), refusal.getMessage()) : invalid(refusal.getMessage(), errors);
	}

	/** The field a refusal names, as a one-item list; empty if it names none. */
	public static List<FieldProblem> fieldsOf(DomainException refusal) {
		return (refusal instanceof InvalidField invalid)
				? List.of(new FieldProblem(invalid.field(), invalid.getMessage())) : List.of();
	}

	public static ProblemDetail invalid(String detail, List<FieldProblem> errors) {
		ProblemDetail problem = of(ErrorCode.VALIDATION_FAILED, detail);
		problem.setProperty("errors", errors);
		return problem;
	}

	/** One field that failed validation: its JSON path and what is wrong with it. */
	public record FieldProblem(String field, String message) {

	}

}
