package im.core.conversation;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "conversations")
class Conversation implements ConversationHead {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, updatable = false)
	private ConversationKind kind;

	private String name;

	private String avatarUrl;

	private String description;

	@Column(updatable = false)
	private String directKey;

	@Column(nullable = false)
	private long lastSeq;

	@Column(nullable = false)
	private Instant lastActivityAt;

	private Long lastSenderId;

	private String lastMessageKind;

	private String lastMessageText;

	private String announcement;

	@Column(nullable = false)
	private boolean allMuted;

	private Instant dissolvedAt;

	@Column(nullable = false, updatable = false)
	private long createdBy;

	@Column(nullable = false, updatable = false)
	private Instant createdAt;

	protected Conversation() {
	}

	private Conversation(ConversationKind kind, String directKey, long createdBy, Instant now) {
		this.kind = kind;
		this.directKey = directKey;
		this.createdBy = createdBy;
		this.createdAt = now;
		this.lastActivityAt = now;
	}

	static Conversation direct(String directKey, long createdBy, Instant now) {
		return new Conversation(ConversationKind.DIRECT, directKey, createdBy, now);
	}

	static Conversation group(String name, String description, String avatarUrl, long createdBy, Instant now) {
		Conversation group = new Conversation(ConversationKind.GROUP, null, createdBy, now);
		group.name = name;
		group.description = description;
		group.avatarUrl = avatarUrl;
		return group;
	}

	ConversationId id() {
		return new ConversationId(this.id);
	}

	ConversationKind kind() {
		return this.kind;
	}

	@Override
	public long lastSeq() {
		return this.lastSeq;
	}

	boolean isDissolved() {
		return this.dissolvedAt != null;
	}

	boolean isAllMuted() {
		return this.allMuted;
	}

	String name() {
		return this.name;
	}

	/**
	 * Applies the non-null fields of a change; an empty string clears an optional field.
	 */
	void change(GroupChange change) {
		if (change.name() != null) {
			this.name = change.name().strip();
		}
		if (change.description() != null) {
			this.description = blankToNull(change.description());
		}
		if (change.avatarUrl() != null) {
			this.avatarUrl = blankToNull(change.avatarUrl());
		}
		if (change.announcement() != null) {
			this.announcement = blankToNull(change.announcement());
		}
	}

	void muteAll(boolean muted) {
		this.allMuted = muted;
	}

	void dissolve(Instant now) {
		this.dissolvedAt = now;
	}

	private static String blankToNull(String value) {
		return value.isBlank() ? null : value.strip();
	}

	@Override
	public long advance(Long senderId, String messageKind, String text, Instant now) {
		this.lastSeq++;
		this.lastActivityAt = now;
		this.lastSenderId = senderId;
		this.lastMessageKind = messageKind;
		this.lastMessageText = ConversationHead.preview(text);
		return this.lastSeq;
	}

	void changePreview(long seq, String messageKind, String text) {
		if (seq == this.lastSeq) {
			this.lastMessageKind = messageKind;
			this.lastMessageText = ConversationHead.preview(text);
		}
	}

	ConversationSummary summary(long readSeq, Long peerId, int memberCount) {
		LastMessage last = (this.lastSeq == 0) ? null
				: new LastMessage(this.lastSeq, this.lastSenderId, this.lastMessageKind, this.lastMessageText);
		return new ConversationSummary(this.id, this.kind, this.name, this.description, this.avatarUrl,
				this.announcement, this.allMuted, this.dissolvedAt != null, peerId, memberCount, this.lastSeq, readSeq,
				Math.max(0, this.lastSeq - readSeq), this.lastActivityAt, last, 0);
	}

}
