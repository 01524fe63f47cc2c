package im.core.message;

import java.time.Instant;
import java.util.List;

import im.core.media.MediaInfo;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "messages")
class Message {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, updatable = false)
	private long conversationId;

	@Column(nullable = false, updatable = false)
	private long seq;

	@Column(updatable = false)
	private Long senderId;

	@Column(updatable = false)
	private String clientMsgId;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private MessageKind kind;

	private String body;

	@Column(updatable = false)
	private Long replyToSeq;

	@Column(nullable = false, updatable = false)
	private Instant createdAt;

	@Column(updatable = false)
	private String mediaId;

	private Instant editedAt;

	private Instant recalledAt;

	private Long recalledBy;

	/** Written by the chat writers' own insert; system messages have no sender. */
	@Column(updatable = false)
	private boolean senderBot;

	/** Written by the chat writers' own insert: the message says {@code @all}. */
	@Column(updatable = false)
	private boolean mentionsAll;

	protected Message() {
	}

	Message(long conversationId, long seq, Long senderId, String clientMsgId, MessageKind kind, String body,
			Long replyToSeq, Instant createdAt, String mediaId) {
		this.conversationId = conversationId;
		this.seq = seq;
		this.senderId = senderId;
		this.clientMsgId = clientMsgId;
		this.kind = kind;
		this.body = body;
		this.replyToSeq = replyToSeq;
		this.createdAt = createdAt;
		this.mediaId = mediaId;
	}

	long conversationId() {
		return this.conversationId;
	}

	long id() {
		return this.id;
	}

	long seq() {
		return this.seq;
	}

	Long senderId() {
		return this.senderId;
	}

	MessageKind kind() {
		return this.kind;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	boolean isRecalled() {
		return this.recalledAt != null;
	}

	void recall(long by, Instant now) {
		this.body = null;
		this.recalledAt = now;
		this.recalledBy = by;
	}

	void edit(String text, Instant now) {
		this.body = text;
		this.editedAt = now;
	}

	SendReceipt receipt(boolean duplicate) {
		return new SendReceipt(this.clientMsgId, this.id, this.conversationId, this.seq, this.createdAt, duplicate);
	}

	String mediaId() {
		return this.mediaId;
	}

	ChatMessage toChatMessage(MediaInfo media, List<Reaction> reactions, List<Long> mentions) {
		return new ChatMessage(this.id, this.conversationId, this.seq, this.senderId, this.clientMsgId, this.kind,
				this.body, this.replyToSeq, this.createdAt, this.editedAt, this.recalledAt != null,
				(this.recalledAt != null) ? null : media, this.senderBot, reactions, mentions, this.mentionsAll);
	}

}
