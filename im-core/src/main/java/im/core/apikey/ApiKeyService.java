package im.core.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import im.core.account.UserId;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.ratelimit.WindowCounters;
import im.core.ratelimit.WindowCounters.Window;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API keys: random (256 bits), shown once, stored as SHA-256 hashes (a key is as strong
 * as a password that is never reused, so a slow hash buys nothing), scoped and
 * rate-limited.
 */
@Service
@Transactional
public class ApiKeyService {

	private static final String KEY_PREFIX = "imk_";

	private static final int SHOWN_PREFIX = 12;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final ApiKeyRepository keys;

	private final WindowCounters counters;

	private final ApiKeySettings settings;

	private final Clock clock;

	ApiKeyService(ApiKeyRepository keys, WindowCounters counters, ApiKeySettings settings, Clock clock) {
		this.keys = keys;
		this.counters = counters;
		this.settings = settings;
		this.clock = clock;
	}

	public CreatedApiKey create(UserId creator, String name, Set<ApiKeyScope> scopes) {
		if (name == null || name.isBlank() || name.length() > 64) {
			throw new DomainException(ErrorCode.VALIDATION_FAILED, "name must be 1 to 64 characters.");
		}
		if (scopes == null || scopes.isEmpty()) {
			throw new DomainException(ErrorCode.VALIDATION_FAILED, "scopes must name at least one scope.");
		}
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		ApiKey saved = this.keys.save(new ApiKey(name.strip(), key.substring(0, SHOWN_PREFIX), hash(key), scopes,
				creator.value(), this.clock.instant()));
		return new CreatedApiKey(saved.toInfo(), key);
	}

	@Transactional(readOnly = true)
	public List<ApiKeyInfo> list() {
		return this.keys.findAllByOrderByIdDesc().stream().map(ApiKey::toInfo).toList();
	}

	/** Revokes the key: its next request is refused. Revoking twice changes nothing. */
	public ApiKeyInfo revoke(long id) {
		ApiKey key = this.keys.findById(id)
			.orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "There is no API key " + id + "."));
		key.revoke(this.clock.instant());
		return key.toInfo();
	}

	/**
	 * The caller a key stands for, counted against its rate limit.
	 * @throws DomainException {@code api-key-invalid} for an unknown or revoked key,
	 * {@code too-many-requests} past the limit
	 */
	public ApiKeyCaller authenticate(String presented) {
		ApiKey key = this.keys.findByKeyHash(hash(presented))
			.filter((found) -> !found.revoked())
			.orElseThrow(() -> new DomainException(ErrorCode.API_KEY_INVALID,
					"The API key in X-Api-Key is unknown or was revoked."));
		Window window = this.counters.increment("api-key:" + key.id(), Duration.ofSeconds(1));
		if (window.count() > this.settings.maxRequestsPerSecond()) {
			throw new DomainException(ErrorCode.TOO_MANY_REQUESTS,
					"This API key may make " + this.settings.maxRequestsPerSecond() + " requests per second.",
					Duration.between(this.clock.instant(), window.endsAt()));
		}
		key.used(this.clock.instant());
		return new ApiKeyCaller(key.id(), key.toInfo().name(), key.scopes());
	}

	private static String hash(String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
