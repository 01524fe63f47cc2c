package im.core.error;

/**
 * The one catalogue of error codes. REST answers carry the code as an RFC 9457 problem
 * {@code type} ({@code urn:im:problem:<code>}); STOMP ERROR frames and error messages
 * carry the same code. Codes are part of the public protocol: never rename one.
 */
public enum ErrorCode {

	VALIDATION_FAILED("validation-failed", "Request is not valid", 400),

	MALFORMED_REQUEST("malformed-request", "Request could not be read", 400),

	UNAUTHENTICATED("unauthenticated", "Authentication required", 401),

	BAD_CREDENTIALS("bad-credentials", "Username or password is wrong", 401),

	TOKEN_INVALID("token-invalid", "Access token is not valid", 401),

	TOKEN_EXPIRED("token-expired", "Access token expired", 401),

	API_KEY_INVALID("api-key-invalid", "API key is not valid", 401),

	REFRESH_TOKEN_INVALID("refresh-token-invalid", "Refresh token is not valid", 401),

	FORBIDDEN("forbidden", "Not allowed", 403),

	WRONG_PASSWORD("wrong-password", "Current password is wrong", 403),

	/** The account is banned by an administrator: it cannot sign in or connect. */
	ACCOUNT_BANNED("account-banned", "Account is banned", 403),

	NOT_A_MEMBER("not-a-member", "Not a member of this conversation", 403),

	MUTED("muted", "You are muted", 403),

	NOT_IN_CALL("not-in-call", "Not in this call", 403),

	NOT_FOUND("not-found", "Not found", 404),

	METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),

	NOT_ACCEPTABLE("not-acceptable", "Response format not available", 406),

	/** A STOMP client that asked for heart-beats stopped sending anything. */
	HEARTBEAT_TIMEOUT("heartbeat-timeout", "Heart-beats stopped", 408),

	USERNAME_TAKEN("username-taken", "Username is taken", 409),

	GROUP_FULL("group-full", "Group is full", 409),

	DEVICE_LIMIT("device-limit", "Too many devices connected", 409),

	/** An administrator closed the connection. */
	KICKED("kicked", "Disconnected by an administrator", 409),

	/** The change would leave the platform without an active administrator. */
	LAST_ADMIN("last-admin", "The last administrator must stay", 409),

	ALREADY_IN_CALL("already-in-call", "Already in a call", 409),

	ROOM_EXISTS("room-exists", "A room with this id exists", 409),

	ROOM_FULL("room-full", "Room is full", 409),

	CALL_FULL("call-full", "Call is full", 409),

	CALL_NOT_RINGING("call-not-ringing", "Call is no longer ringing", 409),

	LIMIT_REACHED("limit-reached", "Limit reached", 409),

	CLIENT_MSG_ID_CONFLICT("client-msg-id-conflict", "clientMsgId already used for another message", 409),

	GROUP_DISSOLVED("group-dissolved", "Group was dissolved", 410),

	ROOM_CLOSED("room-closed", "Room was closed", 410),

	CALL_ENDED("call-ended", "Call has ended", 410),

	PAYLOAD_TOO_LARGE("payload-too-large", "Request body is too large", 413),

	UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Content type not supported", 415),

	TOO_MANY_REQUESTS("too-many-requests", "Too many requests", 429),

	INTERNAL("internal", "Internal error", 500),

	SERVICE_UNAVAILABLE("service-unavailable", "Service temporarily unavailable", 503);

	private static final String TYPE_PREFIX = "urn:im:problem:";

	private final String code;

	private final String title;

	private final int httpStatus;

	ErrorCode(String code, String title, int httpStatus) {
		this.code = code;
		this.title = title;
		this.httpStatus = httpStatus;
	}

	/** The stable, machine-readable code, e.g. {@code username-taken}. */
	public String code() {
		return this.code;
	}

	/** A short human-readable summary that never changes between occurrences. */
	public String title() {
		return this.title;
	}

	/** The HTTP status a REST answer carries for this code. */
	public int httpStatus() {
		return this.httpStatus;
	}

	/** The RFC 9457 problem type URI for this code. */
	public String type() {
		return TYPE_PREFIX + this.code;
	}

}
