package im.api.stomp;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import im.api.problem.Problems;
import im.api.problem.Problems.FieldProblem;
import im.api.stomp.ClientError.RequestIds;
import im.core.account.UserId;
import im.core.delivery.ClientPush;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.error.Outage;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * What every STOMP controller does with a request: check its body, and turn what the
 * domain refuses into a {@link ClientError} naming the request
 * ({@link StompRequestFailures} sends it).
 */
@Component
public class StompRequests {

	private static final Logger log = LoggerFactory.getLogger(StompRequests.class);

	/** As a REST client is told (ProblemHandler). */
	private static final String UNAVAILABLE_DETAIL = "A service this request needs is not answering; try again in a "
			+ "few seconds (a message sent again with its clientMsgId is stored once).";

	private final Validator validator;

	private final ClientPush push;

	private final JsonMapper json;

	StompRequests(Validator validator, ClientPush push, JsonMapper json) {
		this.validator = validator;
		this.push = push;
		this.json = json;
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
			throw new RequestRejected(ids, ex.errorCode(), ex.getMessage(), Problems.fieldsOf(ex));
		}
		catch (RuntimeException ex) {
			if (Outage.explains(ex)) {
				log.warn("A STOMP request failed, a service it needs is unavailable: {}", ex.toString());
				throw new RequestRejected(ids, ErrorCode.SERVICE_UNAVAILABLE, UNAVAILABLE_DETAIL, List.of());
			}
			throw ex;
		}
	}

	/** Runs a request that answers nothing but its refusal. */
	public void run(RequestIds ids, Runnable request) {
		answer(ids, () -> {
			request.run();
			return null;
		});
	}

	/**
	 * Answers a request that the domain completes later, on another thread: its result on
	 * the requesting session's {@code /user/queue/<queue>}, a refusal on its
	 * {@code /user/queue/errors} as {@link #answer} and {@link StompRequestFailures}
	 * would have.
	 */
	public <T> void answerWhenDone(RequestIds ids, UserId user, String sessionId, String queue,
			CompletableFuture<T> result) {
		result.whenComplete((value, failure) -> {
			if (failure == null) {
				this.push.pushToSession(user, sessionId, queue, this.json.writeValueAsBytes(value));
				return;
			}
			Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
					? failure.getCause() : failure;
			ClientError error;
			if (cause instanceof DomainException refusal) {
				error = ClientError.of(ids, refusal.errorCode(), refusal.getMessage(), Problems.fieldsOf(refusal));
			}
			else if (Outage.explains(cause)) {
				log.warn("A STOMP request failed, a service it needs is unavailable: {}", cause.toString());
				error = ClientError.of(ids, ErrorCode.SERVICE_UNAVAILABLE, UNAVAILABLE_DETAIL, List.of());
			}
			else {
				log.error("Unexpected failure answering a STOMP request", cause);
				error = ClientError.of(ids, ErrorCode.INTERNAL, Problems.INTERNAL_DETAIL, List.of());
			}
			this.push.pushToSession(user, sessionId, "errors", this.json.writeValueAsBytes(error));
		});
	}

}
