package im.core.room;

import java.util.List;

import im.core.RunMode;
import im.core.keyspace.RedisKeyspace;

import org.springframework.context.annotation.Profile;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/** A capped list per room ({@code room-recent:<room>}), newest last. */
@Component
@Profile(RunMode.CLUSTER)
class RedisRecentComments implements RecentComments {

	private static final RedisScript<Long> ADD = RedisScript.of("""
			redis.call('RPUSH', KEYS[1], ARGV[1])
			return redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1) and 1
			""", Long.class);

	private final StringRedisTemplate redis;

	private final RedisKeyspace keyspace;

	RedisRecentComments(StringRedisTemplate redis, RedisKeyspace keyspace) {
		this.redis = redis;
		this.keyspace = keyspace;
	}

	@Override
	public void add(String roomId, String json, int keep) {
		this.redis.execute(ADD, List.of(key(roomId)), json, Integer.toString(keep));
	}

	@Override
	public List<String> recent(String roomId) {
		List<String> kept = this.redis.opsForList().range(key(roomId), 0, -1);
		return (kept != null) ? kept : List.of();
	}

	@Override
	public void clear(String roomId) {
		this.redis.delete(key(roomId));
	}

	private String key(String roomId) {
		return this.keyspace.key("room-recent", roomId);
	}

}
