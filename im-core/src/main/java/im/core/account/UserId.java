package im.core.account;

/**
 * Identifies a user account. A type of its own so that a user id is never mixed up with
 * the id of a conversation or a message.
 */
public record UserId(long value) {

	public static UserId of(String value) {
		return new UserId(Long.parseLong(value));
	}

	@Override
	public String toString() {
		return Long.toString(this.value);
	}

}
