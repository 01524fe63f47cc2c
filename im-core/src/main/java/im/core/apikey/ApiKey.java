package im.core.apikey;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "api_keys")
class ApiKey {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, updatable = false)
	private String name;

	@Column(nullable = false, updatable = false)
	private String prefix;

	@Column(nullable = false, updatable = false)
	private String keyHash;

	@Column(nullable = false, updatable = false)
	private String scopes;

	@Column(nullable = false, updatable = false)
	private long createdBy;

	@Column(nullable = false, updatable = false)
	private Instant createdAt;

	private Instant lastUsedAt;

	private Instant revokedAt;

	@Column(updatable = false)
	private Long botId;

	protected ApiKey() {
	}

	ApiKey(String name, String prefix, String keyHash, Set<ApiKeyScope> scopes, long createdBy, Instant now) {
		this.name = name;
		this.prefix = prefix;
		this.keyHash = keyHash;
		this.scopes = scopes.stream().map(ApiKeyScope::code).sorted().collect(Collectors.joining(","));
		this.createdBy = createdBy;
		this.createdAt = now;
	}

	/** A key of a bot, which it acts as (scope {@code messages}). */
	static ApiKey ofBot(String name, String prefix, String keyHash, long botId, long createdBy, Instant now) {
		ApiKey key = new ApiKey(name, prefix, keyHash, Set.of(ApiKeyScope.MESSAGES), createdBy, now);
		key.botId = botId;
		return key;
	}

	Long botId() {
		return this.botId;
	}

	long id() {
		return this.id;
	}

	String keyHash() {
		return this.keyHash;
	}

	boolean revoked() {
		return this.revokedAt != null;
	}

	Set<ApiKeyScope> scopes() {
		return Arrays.stream(this.scopes.split(","))
			.map(ApiKeyScope::of)
			.collect(Collectors.toCollection(() -> new TreeSet<>()));
	}

	void revoke(Instant now) {
		if (this.revokedAt == null) {
			this.revokedAt = now;
		}
	}

	ApiKeyInfo toInfo() {
		return new ApiKeyInfo(this.id, this.name, this.prefix, scopes(), this.createdBy, this.createdAt,
				this.lastUsedAt, this.revokedAt, this.botId);
	}

}
