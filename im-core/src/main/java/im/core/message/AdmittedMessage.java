package im.core.message;

import java.time.Instant;
import java.util.List;

import im.core.conversation.Posting;

/**
 * A message admitted to its conversation in the batch being stored: its seq and time are
 * assigned, its id comes from the insert ({@link MessageInserts}).
 */
final class AdmittedMessage {

	private final QueuedSend send;

	private final Posting posting;

	private final long seq;

	private final Instant createdAt;

	private final Mentions mentions;

	private long id;

	AdmittedMessage(QueuedSend send, Posting posting, long seq, Instant createdAt, Mentions mentions) {
		this.send = send;
		this.posting = posting;
		this.seq = seq;
		this.createdAt = createdAt;
		this.mentions = mentions;
	}

	/** Who it names, among the conversation's members. */
	Mentions mentions() {
		return this.mentions;
	}

	QueuedSend send() {
		return this.send;
	}

	Posting posting() {
		return this.posting;
	}

	long seq() {
		return this.seq;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	void stored(long id) {
		this.id = id;
	}

	ChatMessage toChatMessage() {
		SendMessage command = this.send.command();
		return new ChatMessage(this.id, command.conversationId(), this.seq, this.send.sender().value(),
				command.clientMsgId(), command.type(), this.send.text(), command.replyToSeq(), this.createdAt, null,
				false, this.send.media(), this.send.bot(), List.of(), this.mentions.userIds(), this.mentions.all());
	}

	SendReceipt receipt() {
		return new SendReceipt(this.send.command().clientMsgId(), this.id, this.send.command().conversationId(),
				this.seq, this.createdAt, false);
	}

}
