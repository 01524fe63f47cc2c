package im.core.conversation;

import java.time.Instant;

/**
 * A conversation as one member sees it in their list.
 *
 * @param peerId for a direct conversation, the other user; null for a group
 * @param readSeq the member's read mark: every message up to it has been read
 * @param unreadCount messages after the read mark
 */
public record ConversationSummary(long id, ConversationKind kind, String name, String description, String avatarUrl,
		Long peerId, int memberCount, long lastSeq, long readSeq, long unreadCount, Instant lastActivityAt,
		LastMessage lastMessage) {

}
