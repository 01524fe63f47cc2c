package im.core.message;

import java.time.Instant;

/** A message pinned in its conversation, by whom and when. */
public record PinnedMessage(ChatMessage message, long pinnedBy, Instant pinnedAt) {

}
