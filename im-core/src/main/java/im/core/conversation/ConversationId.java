package im.core.conversation;

/** Identifies a conversation, direct or group. */
public record ConversationId(long value) {

	@Override
	public String toString() {
		return Long.toString(this.value);
	}

}
