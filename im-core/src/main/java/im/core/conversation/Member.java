package im.core.conversation;

import java.time.Instant;

/**
 * A member of a conversation with their role and read mark.
 *
 * @param mutedUntil until when the member may not post, or null
 */
public record Member(long userId, MemberRole role, long readSeq, Instant joinedAt, Instant mutedUntil) {

}
