package im.core.conversation;

import java.time.Instant;

/**
 * A group as platform administrators see it, without anyone's read mark.
 *
 * @param allMuted only the owner and admins may post
 * @param dissolved history stays readable, nothing can be posted
 * @param lastSeq the sequence number of its latest message
 */
public record GroupOverview(long id, String name, String description, String avatarUrl, String announcement,
		boolean allMuted, boolean dissolved, int memberCount, long lastSeq, Instant lastActivityAt) {

	static GroupOverview of(ConversationSummary summary) {
		return new GroupOverview(summary.id(), summary.name(), summary.description(), summary.avatarUrl(),
				summary.announcement(), summary.allMuted(), summary.dissolved(), summary.memberCount(),
				summary.lastSeq(), summary.lastActivityAt());
	}

}
