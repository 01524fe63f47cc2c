package im.core.error;

import java.time.Duration;
import java.util.Optional;

/**
 * A request the domain refuses, with the catalogue code that tells the client why.
 * Adapters turn it into a problem detail (REST) or an ERROR frame / error message
 * (STOMP).
 */
public class DomainException extends RuntimeException {

	private final ErrorCode errorCode;

	private final Duration retryAfter;

	public DomainException(ErrorCode errorCode, String detail) {
		this(errorCode, detail, null);
	}

	public DomainException(ErrorCode errorCode, String detail, Duration retryAfter) {
		super(detail);
		this.errorCode = errorCode;
		this.retryAfter = retryAfter;
	}

	public ErrorCode errorCode() {
		return this.errorCode;
	}

	/** How long a client should wait before trying again, for throttled requests. */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

	/**
	 * A wait in whole seconds, rounded up and at least one, as {@code Retry-After} and
	 * the details say it: a client that waits that long finds the limit over.
	 */
	public static long wholeSeconds(Duration wait) {
		return Math.max(1, (wait.toMillis() + 999) / 1000);
	}

}
