package im.core.apikey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.ratelimit.WindowCounters;
import im.core.ratelimit.WindowCounters.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Who a request's API key stands for, on every request of the integrator API, without a
 * database round trip each: what the database said of a key is kept for
 * {@link #RECHECK_AFTER}, so a revoked key stops working within that on every instance
 * (at once on the instance that revoked it), and a key's last use is written at most
 * every {@link #USES_WRITTEN_EVERY}.
 */
@Service
public class ApiKeyAuthenticator {

	private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticator.class);

	/** How long a key's state is trusted without asking the database again. */
	static final Duration RECHECK_AFTER = Duration.ofSeconds(1);

	static final String USES_WRITTEN_EVERY = "PT10S";

	/**
	 * Keys whose state is known: more distinct keys than this within a second (someone
	 * guessing) empties the memory rather than grow it.
	 */
	private static final int MAX_KNOWN = 10_000;

	/** Key hash -> what the database said of it, and when. */
	private final Map<String, Known> known = new ConcurrentHashMap<>();

	/** Key id -> its latest use not yet written. */
	private final Map<Long, Instant> uses = new ConcurrentHashMap<>();

	private final ApiKeyRepository keys;

	private final WindowCounters counters;

	private final ApiKeySettings settings;

	private final Clock clock;

	ApiKeyAuthenticator(ApiKeyRepository keys, WindowCounters counters, ApiKeySettings settings, Clock clock) {
		this.keys = keys;
		this.counters = counters;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * The caller a key stands for, counted against its rate limit.
	 * @throws DomainException {@code api-key-invalid} for an unknown or revoked key,
	 * {@code too-many-requests} past the limit
	 */
	public ApiKeyCaller authenticate(String presented) {
		String hash = ApiKeyHashes.of(presented);
		long now = System.nanoTime();
		Known state = this.known.get(hash);
		if (state == null || now - state.checkedAt() > RECHECK_AFTER.toNanos()) {
			state = new Known(this.keys.findByKeyHash(hash)
				.filter((key) -> !key.revoked())
				.map((key) -> new ApiKeyCaller(key.id(), key.toInfo().name(), key.scopes(), key.botId()))
				.orElse(null), now);
			if (this.known.size() >= MAX_KNOWN) {
				this.known.clear();
			}
			this.known.put(hash, state);
		}
		ApiKeyCaller caller = state.caller();
		if (caller == null) {
			throw new DomainException(ErrorCode.API_KEY_INVALID, "The API key in X-Api-Key is unknown or was revoked.");
		}
		Window window = this.counters.increment("api-key:" + caller.keyId(), Duration.ofSeconds(1));
		if (window.count() > this.settings.maxRequestsPerSecond()) {
			throw new DomainException(ErrorCode.TOO_MANY_REQUESTS,
					"This API key may make " + this.settings.maxRequestsPerSecond() + " requests per second.",
					Duration.between(this.clock.instant(), window.endsAt()));
		}
		this.uses.put(caller.keyId(), this.clock.instant());
		return caller;
	}

	/**
	 * The key was revoked here: its next request is refused, whatever the database said
	 * of it a moment ago.
	 */
	void revoked(String hash) {
		this.known.put(hash, new Known(null, System.nanoTime()));
	}

	/** The key's latest use on this instance not yet written; null if none. */
	Instant unwrittenUse(long keyId) {
		return this.uses.get(keyId);
	}

	/** Writes the keys' latest uses, one statement a key. */
	@Scheduled(fixedDelayString = USES_WRITTEN_EVERY)
	void writeUses() {
		for (Long id : this.uses.keySet()) {
			Instant at = this.uses.remove(id);
			if (at == null) {
				continue;
			}
			try {
				this.keys.recordUse(id, at);
			}
			catch (RuntimeException ex) {
				log.warn("Could not record the last use of API key {}: {}", id, ex.toString());
			}
		}
	}

	/** What the database said of a key (null: unknown or revoked), at System.nanoTime. */
	private record Known(ApiKeyCaller caller, long checkedAt) {

	}

}
