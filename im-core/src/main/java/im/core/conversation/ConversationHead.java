package im.core.conversation;

import java.time.Instant;

/**
 * Where a conversation stands: its last sequence number and what the conversation list
 * shows of its latest message. Held under the conversation row's lock while a message is
 * posted; {@link Conversation} (the entity) and {@link LockedConversation} (a row read
 * for a batch of messages) are the two ways to hold it.
 */
interface ConversationHead {

	int PREVIEW_LENGTH = 200;

	long lastSeq();

	/** Takes the next sequence number; the caller holds this row's lock. */
	long advance(Long senderId, String messageKind, String text, Instant now);

	static String preview(String text) {
		return (text == null || text.length() <= PREVIEW_LENGTH) ? text : text.substring(0, PREVIEW_LENGTH);
	}

}
