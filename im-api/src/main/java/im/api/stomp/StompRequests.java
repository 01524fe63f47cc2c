package im.api.stomp;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import im.api.problem.Problems.FieldProblem;
import im.api.stomp.ClientError.RequestIds;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.springframework.stereotype.Component;

/**
 * What every STOMP controller does with a request: check its body, and turn what the
 * domain refuses into a {@link ClientError} naming the request
 * ({@link StompRequestFailures} sends it).
 */
@Component
public class StompRequests {

	private final Validator validator;

	StompRequests(Validator validator) {
		this.validator = validator;
	}

	/** Refuses a body that breaks its constraints, naming every field that does. */
	public <T> void validate(T payload, RequestIds ids) {
		Set<ConstraintViolation<T>> violations = this.validator.validate(payload);
		if (!violations.isEmpty()) {
			List<FieldProblem> errors = violations.stream()
				.map((violation) -> new FieldProblem(violation.getPropertyPath().toString(), violation.getMessage()))
				.sorted(Comparator.comparing(FieldProblem::field))
				.toList();
			String detail = String.join("; ", errors.stream().map((e) -> e.field() + " " + e.message()).toList()) + ".";
			throw new RequestRejected(ids, ErrorCode.VALIDATION_FAILED, detail, errors);
		}
	}

	/** Runs the request, tying a refusal to the client's ids. */
	public <T> T answer(RequestIds ids, Supplier<T> request) {
		try {
			return request.get();
		}
		catch (DomainException ex) {
			throw new RequestRejected(ids, ex.errorCode(), ex.getMessage(), List.of());
		}
	}

	/** Runs a request that answers nothing but its refusal. */
	public void run(RequestIds ids, Runnable request) {
		answer(ids, () -> {
			request.run();
			return null;
		});
	}

}
