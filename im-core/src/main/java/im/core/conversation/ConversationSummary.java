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
 * @param unreadMentions of those, the ones that mention the member (by name or
 * {@code @all}), not recalled
 */
public record ConversationSummary(long id, ConversationKind kind, String name, String description, String avatarUrl,
		String announcement, boolean allMuted, boolean dissolved, Long peerId, int memberCount, long lastSeq,
		long readSeq, long unreadCount, Instant lastActivityAt, LastMessage lastMessage, long unreadMentions) {

	ConversationSummary withUnreadMentions(long count) {
		return new ConversationSummary(this.id, this.kind, this.name, this.description, this.avatarUrl,
				this.announcement, this.allMuted, this.dissolved, this.peerId, this.memberCount, this.lastSeq,
				this.readSeq, this.unreadCount, this.lastActivityAt, this.lastMessage, count);
	}

}
