package im.api.problem;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.error.Outage;
import im.api.limits.BodyTooLargeException;
import im.api.problem.Problems.FieldProblem;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure of a REST request into an RFC 9457 problem detail whose
 * {@code type} and {@code code} come from the {@link ErrorCode} catalogue. Client
 * mistakes get a 4xx that says what to fix; only our own faults are 500, and those are
 * logged.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	@ExceptionHandler(DomainException.class)
	ResponseEntity<Object> domain(DomainException ex, WebRequest request) {
		HttpHeaders headers = new HttpHeaders();
		ex.retryAfter()
			.ifPresent(
					(wait) -> headers.set(HttpHeaders.RETRY_AFTER, Long.toString(DomainException.wholeSeconds(wait))));
		return respond(Problems.of(ex), headers, request);
	}

	@ExceptionHandler(BodyTooLargeException.class)
	ResponseEntity<Object> tooLarge(BodyTooLargeException ex, WebRequest request) {
		return respond(Problems.of(ErrorCode.PAYLOAD_TOO_LARGE, ex.getMessage()), new HttpHeaders(), request);
	}

	/**
	 * A request parameter refused by the method validation of a {@code @Validated}
	 * controller: the same answer as Spring's own parameter validation gives, a field per
	 * parameter (the last node of the violation's path, e.g. {@code limit} of
	 * {@code users.limit}).
	 */
	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<Object> invalidParameter(ConstraintViolationException ex, WebRequest request) {
		List<FieldProblem> errors = ex.getConstraintViolations().stream().map((violation) -> {
			String path = violation.getPropertyPath().toString();
			return new FieldProblem(path.substring(path.lastIndexOf('.') + 1), violation.getMessage());
		}).sorted(Comparator.comparing(FieldProblem::field)).toList();
		return respond(Problems.invalid(summary(errors), errors), new HttpHeaders(), request);
	}

	@ExceptionHandler(AuthenticationException.class)
	ResponseEntity<Object> unauthenticated(AuthenticationException ex, WebRequest request) {
		ProblemDetail problem;
		if (ex instanceof InvalidBearerTokenException) {
			String message = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
			if (message.contains("banned")) {
				problem = Problems.of(ErrorCode.ACCOUNT_BANNED, "This account is banned.");
			}
			else if (message.contains("expired")) {
				problem = Problems.of(ErrorCode.TOKEN_EXPIRED, "The access token expired; refresh it and try again.");
			}
			else {
				problem = Problems.of(ErrorCode.TOKEN_INVALID, "The access token is not valid; sign in again.");
			}
		}
		else {
			problem = Problems.of(ErrorCode.UNAUTHENTICATED,
					"Send an access token as 'Authorization: Bearer <token>'; get one from POST /api/v1/auth/login.");
		}
		return respond(problem, new HttpHeaders(), request);
	}

	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<Object> forbidden(AccessDeniedException ex, WebRequest request) {
		return respond(Problems.of(ErrorCode.FORBIDDEN, "Your account may not do this."), new HttpHeaders(), request);
	}

	/**
	 * A service the request needs (the database, Redis for presence) does not answer: the
	 * client may try again; the rest of the platform goes on working.
	 */
	@ExceptionHandler({ DataAccessResourceFailureException.class, QueryTimeoutException.class,
			RedisSystemException.class, CannotCreateTransactionException.class })
	ResponseEntity<Object> unavailable(Exception ex, WebRequest request) {
		log.warn("{} failed, a service it needs is unavailable: {}", describe(request), ex.toString());
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(DomainException.wholeSeconds(Outage.RETRY_AFTER)));
		return respond(
				Problems.of(ErrorCode.SERVICE_UNAVAILABLE,
						"A service this request needs is not answering; try again in a few seconds."),
				headers, request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
		if (Outage.explains(ex)) {
			// wrapped where no translation reached it (a JPA flush, a lazy load)
			return unavailable(ex, request);
		}
		log.error("Unexpected failure of {}", describe(request), ex);
		return respond(Problems.of(ErrorCode.INTERNAL, Problems.INTERNAL_DETAIL), new HttpHeaders(), request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> new FieldProblem(error.getField(), message(error)))
			.toList();
		return respond(Problems.invalid(summary(errors), errors), headers, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> new FieldProblem(result.getMethodParameter().getParameterName(),
						error.getDefaultMessage())))
			.toList();
		return respond(Problems.invalid(summary(errors), errors), headers, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		BodyTooLargeException tooLarge = Causes.find(ex, BodyTooLargeException.class);
		if (tooLarge != null) {
			return respond(Problems.of(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge.getMessage()), headers, request);
		}
		MismatchedInputException mismatch = Causes.find(ex, MismatchedInputException.class);
		if (mismatch != null && !mismatch.getPath().isEmpty()) {
			String field = path(mismatch);
			String expected = (mismatch.getTargetType() != null) ? mismatch.getTargetType().getSimpleName()
					: "another type";
			List<FieldProblem> errors = List.of(new FieldProblem(field, "must be of type " + jsonType(expected)));
			return respond(Problems.invalid(summary(errors), errors), headers, request);
		}
		JacksonException unparsable = Causes.find(ex, JacksonException.class);
		String detail;
		if (unparsable != null) {
			detail = "The request body is not valid JSON: " + firstLine(unparsable.getOriginalMessage());
		}
		else if (ex.getMessage() == null || ex.getMessage().startsWith("Required request body is missing")) {
			detail = "The request needs a JSON body.";
		}
		else {
			detail = "The request body could not be read.";
		}
		return respond(Problems.of(ErrorCode.MALFORMED_REQUEST, detail), headers, request);
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem && problem.getProperties() != null
				&& problem.getProperties().containsKey("code")) {
			return super.handleExceptionInternal(ex, problem, headers, statusCode, request);
		}
		// Spring's own MVC exceptions (unknown route, wrong method, media types, bad
		// parameters):
		// keep Spring's detail, put it in our catalogue's shape
		ErrorCode code = forStatus(statusCode);
		String detail = (body instanceof ProblemDetail springProblem && springProblem.getDetail() != null)
				? springProblem.getDetail() : code.title() + ".";
		if (ex instanceof NoResourceFoundException notFound) {
			detail = "There is no endpoint " + notFound.getHttpMethod() + " /" + notFound.getResourcePath()
					+ "; the API is described at /swagger-ui.html.";
		}
		else if (ex instanceof HttpRequestMethodNotSupportedException method && method.getSupportedMethods() != null) {
			detail = method.getMethod() + " is not supported here; use "
					+ String.join(" or ", method.getSupportedMethods()) + ".";
		}
		else if (ex instanceof HttpMediaTypeNotSupportedException) {
			detail = "Send the body as application/json.";
		}
		else if (ex instanceof HttpMediaTypeNotAcceptableException) {
			detail = "This operation answers in JSON; accept application/json.";
		}
		return super.handleExceptionInternal(ex, Problems.of(code, detail), headers, statusCode, request);
	}

	private ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers, WebRequest request) {
		if (request instanceof ServletWebRequest servlet) {
			problem.setInstance(URI.create(servlet.getRequest().getRequestURI()));
		}
		return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
	}

	private static ErrorCode forStatus(HttpStatusCode status) {
		return switch (HttpStatus.valueOf(status.value())) {
			case NOT_FOUND -> ErrorCode.NOT_FOUND;
			case METHOD_NOT_ALLOWED -> ErrorCode.METHOD_NOT_ALLOWED;
			case NOT_ACCEPTABLE -> ErrorCode.NOT_ACCEPTABLE;
			case UNSUPPORTED_MEDIA_TYPE -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
			case CONTENT_TOO_LARGE -> ErrorCode.PAYLOAD_TOO_LARGE;
			case SERVICE_UNAVAILABLE -> ErrorCode.SERVICE_UNAVAILABLE;
			default -> status.is4xxClientError() ? ErrorCode.MALFORMED_REQUEST : ErrorCode.INTERNAL;
		};
	}

	private static String message(FieldError error) {
		return (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is not valid";
	}

	private static String summary(List<FieldProblem> errors) {
		return errors.isEmpty() ? "The request is not valid."
				: errors.stream()
					.map((error) -> error.field() + " " + error.message())
					.collect(Collectors.joining("; ")) + ".";
	}

	private static String path(DatabindException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String jsonType(String javaType) {
		return switch (javaType) {
			case "String" -> "string";
			case "Integer", "int", "Long", "long", "Short", "short" -> "integer";
			case "Double", "double", "Float", "float", "BigDecimal" -> "number";
			case "Boolean", "boolean" -> "boolean";
			default -> (javaType.endsWith("[]") || javaType.startsWith("List") || javaType.startsWith("Set")) ? "array"
					: "object";
		};
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "unreadable input";
		}
		int newline = message.indexOf('\n');
		return (newline < 0) ? message : message.substring(0, newline);
	}

	private static String describe(WebRequest request) {
		return (request instanceof ServletWebRequest servlet)
				? servlet.getHttpMethod() + " " + servlet.getRequest().getRequestURI() : request.getDescription(false);
	}

}
