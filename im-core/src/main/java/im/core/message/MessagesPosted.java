package im.core.message;

import java.util.List;

import im.core.account.UserId;

/**
 * Messages were stored in one transaction (a batch of sends, or one system message);
 * after commit each goes to every member's devices.
 */
public record MessagesPosted(List<MessagePosted> messages) {

	static MessagesPosted one(ChatMessage message, List<UserId> recipients) {
		return new MessagesPosted(List.of(new MessagePosted(message, recipients)));
	}

}
