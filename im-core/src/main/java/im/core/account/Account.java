package im.core.account;

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
@Table(name = "users")
class Account {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, updatable = false)
	private String username;

	@Column(nullable = false)
	private String displayName;

	private String avatarUrl;

	@Column(nullable = false)
	private String passwordHash;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private Role role;

	@Column(nullable = false, updatable = false)
	private Instant createdAt;

	@Column(nullable = false)
	private Instant updatedAt;

	private Instant lastSeenAt;

	private Instant bannedAt;

	private String banReason;

	private Instant mutedUntil;

	private Instant tokensValidAfter;

	private boolean bot;

	private String avatarLetter;

	private Long botOwnerId;

	protected Account() {
	}

	Account(String username, String displayName, String passwordHash, Role role, Instant now) {
		this.username = username;
		this.displayName = displayName;
		this.passwordHash = passwordHash;
		this.role = role;
		this.createdAt = now;
		this.updatedAt = now;
	}

	/** A bot: it never signs in; {@code passwordHash} is of a secret nobody keeps. */
	static Account bot(String username, String displayName, String avatarLetter, String passwordHash, UserId owner,
			Instant now) {
		Account bot = new Account(username, displayName, passwordHash, Role.USER, now);
		bot.bot = true;
		bot.avatarLetter = avatarLetter;
		bot.botOwnerId = owner.value();
		return bot;
	}

	boolean isBot() {
		return this.bot;
	}

	UserId id() {
		return new UserId(this.id);
	}

	String passwordHash() {
		return this.passwordHash;
	}

	Role role() {
		return this.role;
	}

	void changeDisplayName(String displayName, Instant now) {
		this.displayName = displayName;
		this.updatedAt = now;
	}

	void changeAvatarUrl(String avatarUrl, Instant now) {
		this.avatarUrl = avatarUrl;
		this.updatedAt = now;
	}

	void seen(Instant at) {
		this.lastSeenAt = at;
	}

	Instant lastSeenAt() {
		return this.lastSeenAt;
	}

	void changePasswordHash(String passwordHash, Instant now) {
		this.passwordHash = passwordHash;
		this.updatedAt = now;
	}

	void changeRole(Role role, Instant now) {
		this.role = role;
		this.updatedAt = now;
		this.tokensValidAfter = now;
	}

	void ban(String reason, Instant now) {
		this.bannedAt = now;
		this.banReason = reason;
		this.updatedAt = now;
		this.tokensValidAfter = now;
	}

	/** Access tokens issued before now stop working. */
	void revokeTokens(Instant now) {
		this.tokensValidAfter = now;
	}

	String username() {
		return this.username;
	}

	TokenStanding toTokenStanding() {
		return new TokenStanding(this.tokensValidAfter, banned());
	}

	void unban(Instant now) {
		this.bannedAt = null;
		this.banReason = null;
		this.updatedAt = now;
	}

	boolean banned() {
		return this.bannedAt != null;
	}

	void muteUntil(Instant until, Instant now) {
		this.mutedUntil = until;
		this.updatedAt = now;
	}

	Instant mutedUntil() {
		return this.mutedUntil;
	}

	AccountStanding toStanding() {
		return new AccountStanding(toProfile(), this.lastSeenAt, this.bannedAt, this.banReason, this.mutedUntil);
	}

	BotAccount toBotAccount() {
		return new BotAccount(toProfile(), this.botOwnerId, this.bannedAt != null);
	}

	UserProfile toProfile() {
		return new UserProfile(id(), this.username, this.displayName, this.avatarUrl, this.role, this.createdAt,
				this.bot, this.updatedAt, this.avatarLetter);
	}

}
