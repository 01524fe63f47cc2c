package im.api.chat;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/** "I have read everything up to {@code seq}" for one conversation. */
record ReadMark(@NotNull Long conversationId, @NotNull @PositiveOrZero Long seq) {

}
