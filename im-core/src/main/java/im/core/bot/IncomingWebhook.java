package im.core.bot;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "incoming_webhooks")
class IncomingWebhook {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, updatable = false)
	private String name;

	@Column(nullable = false, updatable = false)
	private String prefix;

	@Column(nullable = false, updatable = false)
	private String tokenHash;

	@Column(nullable = false, updatable = false)
	private long botId;

	@Column(nullable = false, updatable = false)
	private long conversationId;

	@Column(nullable = false, updatable = false)
	private long createdBy;

	@Column(nullable = false, updatable = false)
	private Instant createdAt;

	private Instant lastUsedAt;

	private Instant revokedAt;

	protected IncomingWebhook() {
	}

	IncomingWebhook(String name, String prefix, String tokenHash, long botId, long conversationId, long createdBy,
			Instant now) {
		this.name = name;
		this.prefix = prefix;
		this.tokenHash = tokenHash;
		this.botId = botId;
		this.conversationId = conversationId;
		this.createdBy = createdBy;
		this.createdAt = now;
	}

	long id() {
		return this.id;
	}

	long botId() {
		return this.botId;
	}

	long conversationId() {
		return this.conversationId;
	}

	boolean revoked() {
		return this.revokedAt != null;
	}

	void revoke(Instant now) {
		if (this.revokedAt == null) {
			this.revokedAt = now;
		}
	}

	IncomingWebhookInfo toInfo() {
		return new IncomingWebhookInfo(this.id, this.name, this.prefix, this.botId, this.conversationId, this.createdBy,
				this.createdAt, this.lastUsedAt, this.revokedAt);
	}

}
