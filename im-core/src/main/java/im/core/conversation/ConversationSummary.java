package im.core.conversation;

import java.time.Instant;

/**
 * A conversation as one member sees it in their list.
 *
 * @param announcement a group's pinned notice, or null
 * @param allMuted in a group, only the owner and admins may post
 * @param dissolved the group was dissolved: history stays readable, nothing can be posted
 * @param peerId for a direct conversation, the other user; null for a group
 * @param readSeq the member's read mark: every message up to it has been read
 * @param unreadCount messages after the read mark
 */
public record ConversationSummary(long id, ConversationKind kind, String name, String description, String avatarUrl,
		String announcement, boolean allMuted, boolean dissolved, Long peerId, int memberCount, long lastSeq,
		long readSeq, long unreadCount, Instant lastActivityAt, LastMessage lastMessage) {

}
