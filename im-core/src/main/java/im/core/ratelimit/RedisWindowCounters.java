package im.core.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import im.core.RunMode;
import im.core.keyspace.RedisKeyspace;

import org.springframework.context.annotation.Profile;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/** Counters shared by every instance of a cluster. */
@Component
@Profile(RunMode.CLUSTER)
class RedisWindowCounters implements WindowCounters {

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

	RedisWindowCounters(StringRedisTemplate redis, RedisKeyspace keyspace, Clock clock) {
		this.redis = redis;
		this.keyspace = keyspace;
		this.clock = clock;
	}

	@Override
	public Window increment(String key, Duration window) {
		List<?> result = this.redis.execute(INCREMENT, List.of(redisKey(key)), Long.toString(window.toMillis()));
		long count = ((Number) result.get(0)).longValue();
		long ttlMillis = ((Number) result.get(1)).longValue();
		return new Window(count, this.clock.instant().plusMillis(Math.max(ttlMillis, 0)));
	}

	@Override
	public Window current(String key) {
		String redisKey = redisKey(key);
		String count = this.redis.opsForValue().get(redisKey);
		Instant now = this.clock.instant();
		if (count == null) {
			return new Window(0, now);
		}
		Long ttlMillis = this.redis.getExpire(redisKey, TimeUnit.MILLISECONDS);
		return new Window(Long.parseLong(count), now.plusMillis((ttlMillis == null) ? 0 : Math.max(ttlMillis, 0)));
	}

	@Override
	public void reset(String key) {
		this.redis.delete(redisKey(key));
	}

	private String redisKey(String key) {
		return this.keyspace.key("rate", key);
	}

}
