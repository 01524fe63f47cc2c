package im.core.message;

import java.util.concurrent.CompletableFuture;

import im.core.account.UserId;
import im.core.conversation.ConversationId;
import im.core.media.MediaInfo;

/**
 * A message checked and waiting for its conversation's writer ({@link SendBatches}).
 *
 * @param bot whether the sender is a bot
 * @param receipt answered once the message is stored, or refused
 * @param mentions who its text names, before the writer keeps the members
 * @param queuedAt when it was queued ({@link System#nanoTime})
 */
record QueuedSend(UserId sender, boolean bot, SendMessage command, String text, MediaInfo media, Mentions mentions,
		CompletableFuture<SendReceipt> receipt, long queuedAt) {

	ConversationId conversation() {
		return new ConversationId(this.command.conversationId());
	}

}
