package im.core.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import im.core.RunMode;
import im.core.keyspace.RedisKeyspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Profile;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Counters shared by every instance of a cluster. While Redis does not answer, each
 * instance counts in its own memory instead: limits then hold per instance rather than
 * per cluster, which is better than refusing every message and every sign-in.
 */
@Component
@Profile(RunMode.CLUSTER)
class RedisWindowCounters implements WindowCounters {

	private static final Logger log = LoggerFactory.getLogger(RedisWindowCounters.class);

	/**
	 * Increment and open the window atomically, so a crash between the two cannot leave a
	 * key without expiry.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> INCREMENT = RedisScript.of("""
			local count = redis.call('INCR', KEYS[1])
			if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
			return {count, redis.call('PTTL', KEYS[1])}
			""", List.class);

	private final StringRedisTemplate redis;

	private final RedisKeyspace keyspace;

	private final Clock clock;

	private final InMemoryWindowCounters fallback;

	private final AtomicBoolean failing = new AtomicBoolean();

	RedisWindowCounters(StringRedisTemplate redis, RedisKeyspace keyspace, Clock clock) {
		this.redis = redis;
		this.keyspace = keyspace;
		this.clock = clock;
		this.fallback = new InMemoryWindowCounters(clock);
	}

	@Override
	public Window increment(String key, Duration window) {
		return withFallback(() -> incrementInRedis(key, window), () -> this.fallback.increment(key, window));
	}

	@Override
	public Window current(String key) {
		return withFallback(() -> currentInRedis(key), () -> this.fallback.current(key));
	}

	@Override
	public void reset(String key) {
		this.fallback.reset(key);
		withFallback(() -> this.redis.delete(redisKey(key)), () -> false);
	}

	@Scheduled(fixedDelayString = "PT1M")
	void forgetClosedWindows() {
		this.fallback.forgetClosedWindows();
	}

	private <T> T withFallback(Supplier<T> redis, Supplier<T> local) {
		try {
			T result = redis.get();
			if (this.failing.compareAndSet(true, false)) {
				log.info("Rate limits and sign-in throttling count in Redis again");
			}
			return result;
		}
		catch (DataAccessException ex) {
			if (this.failing.compareAndSet(false, true)) {
				log.warn("Redis unavailable ({}); rate limits and sign-in throttling count per instance until "
						+ "it is back", ex.toString());
			}
			return local.get();
		}
	}

	private Window incrementInRedis(String key, Duration window) {
		List<?> result = this.redis.execute(INCREMENT, List.of(redisKey(key)), Long.toString(window.toMillis()));
		long count = ((Number) result.get(0)).longValue();
		long ttlMillis = ((Number) result.get(1)).longValue();
		return new Window(count, this.clock.instant().plusMillis(Math.max(ttlMillis, 0)));
	}

	private Window currentInRedis(String key) {
		String redisKey = redisKey(key);
		String count = this.redis.opsForValue().get(redisKey);
		Instant now = this.clock.instant();
		if (count == null) {
			return new Window(0, now);
		}
		Long ttlMillis = this.redis.getExpire(redisKey, TimeUnit.MILLISECONDS);
		return new Window(Long.parseLong(count), now.plusMillis((ttlMillis == null) ? 0 : Math.max(ttlMillis, 0)));
	}

	private String redisKey(String key) {
		return this.keyspace.key("rate", key);
	}

}
