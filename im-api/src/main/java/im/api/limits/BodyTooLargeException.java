package im.api.limits;

/** A request body went past the configured limit while it was read. */
public class BodyTooLargeException extends RuntimeException {

	public BodyTooLargeException(long limit) {
		super("The request body is larger than the limit of " + limit + " bytes.");
	}

}
