package im.core.conversation;

import java.time.Instant;

/**
 * One member as a message being posted needs them: who receives it, and for the sender
 * whether they may post. {@code accountMutedUntil} (an administrator's mute of the whole
 * account) is read for the sender's row only.
 */
record PostingMember(long userId, MemberRole role, Instant mutedUntil, Instant accountMutedUntil) {

	boolean isMutedAt(Instant now) {
		return this.mutedUntil != null && this.mutedUntil.isAfter(now);
	}

}
