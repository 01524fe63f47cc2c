package im.core.apikey;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import im.core.account.UserId;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.error.InvalidField;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API keys: random (256 bits), shown once, stored as SHA-256 hashes
 * ({@link ApiKeyHashes}), scoped and rate-limited ({@link ApiKeyAuthenticator}).
 */
@Service
@Transactional
public class ApiKeyService {

	private static final String KEY_PREFIX = "imk_";

	private static final int SHOWN_PREFIX = 12;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final ApiKeyRepository keys;

	private final ApiKeyAuthenticator authenticator;

	private final Clock clock;

	ApiKeyService(ApiKeyRepository keys, ApiKeyAuthenticator authenticator, Clock clock) {
		this.keys = keys;
		this.authenticator = authenticator;
		this.clock = clock;
	}

	public CreatedApiKey create(UserId creator, String name, Set<ApiKeyScope> scopes) {
		if (name == null || name.isBlank() || name.length() > 64) {
			throw new InvalidField("name", "name must be 1 to 64 characters.");
		}
		if (scopes == null || scopes.isEmpty()) {
			throw new InvalidField("scopes", "scopes must name at least one scope.");
		}
		if (scopes.contains(ApiKeyScope.MESSAGES)) {
			throw new InvalidField("scopes", "The scope 'messages' is a bot's: create a bot (POST /api/v1/admin/bots), "
					+ "which comes with its key.");
		}
		String key = newKey();
		ApiKey saved = this.keys.save(new ApiKey(name.strip(), key.substring(0, SHOWN_PREFIX), ApiKeyHashes.of(key),
				scopes, creator.value(), this.clock.instant()));
		return new CreatedApiKey(saved.toInfo(), key);
	}

	/**
	 * A new key for the bot, of scope {@code messages}; the bot's earlier keys are
	 * revoked.
	 */
	public CreatedApiKey createForBot(UserId creator, UserId bot, String botUsername) {
		for (ApiKey earlier : this.keys.findByBotIdAndRevokedAtIsNull(bot.value())) {
			earlier.revoke(this.clock.instant());
			this.authenticator.revoked(earlier.keyHash());
		}
		String key = newKey();
		ApiKey saved = this.keys.save(ApiKey.ofBot("bot " + botUsername, key.substring(0, SHOWN_PREFIX),
				ApiKeyHashes.of(key), bot.value(), creator.value(), this.clock.instant()));
		return new CreatedApiKey(saved.toInfo(), key);
	}

	/** The keys of the bot that work. */
	@Transactional(readOnly = true)
	public List<ApiKeyInfo> botKeys(UserId bot) {
		return this.keys.findByBotIdAndRevokedAtIsNull(bot.value()).stream().map(ApiKey::toInfo).toList();
	}

	private static String newKey() {
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
	}

	@Transactional(readOnly = true)
	public List<ApiKeyInfo> list() {
		return this.keys.findAllByOrderByIdDesc()
			.stream()
			.map((key) -> key.toInfo().usedAt(this.authenticator.unwrittenUse(key.id())))
			.toList();
	}

	/**
	 * Revokes the key: its next request is refused here, and on the other instances
	 * within {@link ApiKeyAuthenticator#RECHECK_AFTER}. Revoking twice changes nothing.
	 */
	public ApiKeyInfo revoke(long id) {
		ApiKey key = this.keys.findById(id)
			.orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "There is no API key " + id + "."));
		key.revoke(this.clock.instant());
		this.authenticator.revoked(key.keyHash());
		return key.toInfo();
	}

}
