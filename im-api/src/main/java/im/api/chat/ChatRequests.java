package im.api.chat;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** The bodies of STOMP chat requests other than sending. */
final class ChatRequests {

	private ChatRequests() {
	}

	/** "I have read everything up to {@code seq}" for one conversation. */
	record ReadMark(@NotNull Long conversationId, @NotNull @PositiveOrZero Long seq, @Size(max = 64) String requestId) {

	}

	/** Recall the message at {@code seq}. */
	record Recall(@NotNull Long conversationId, @NotNull @Positive Long seq, @Size(max = 64) String requestId) {

	}

	/** Replace the text of the message at {@code seq}. */
	record Edit(@NotNull Long conversationId, @NotNull @Positive Long seq, String text,
			@Size(max = 64) String requestId) {

	}

	/**
	 * Add the caller's emoji reaction to the message at {@code seq}, or take it back
	 * ({@code remove} true).
	 */
	record React(@NotNull Long conversationId, @NotNull @Positive Long seq, @NotNull @Size(max = 64) String emoji,
			Boolean remove, @Size(max = 64) String requestId) {

	}

	/** "I am typing" in a conversation. */
	record TypingNotice(@NotNull Long conversationId) {

	}

}
