package im.core.conversation;

import java.time.Instant;

/** A member of a conversation with their role and read mark. */
public record Member(long userId, MemberRole role, long readSeq, Instant joinedAt) {

}
