package im.core.delivery;

import java.util.List;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of {@link RedisSessionRegistry}: each one round trip that Redis runs
 * whole, reading its own clock ({@code TIME}) so that the instances' clocks need not
 * agree.
 */
final class SessionScripts {

	/** Drops the sessions of dead instances from one user's set; returns the rest. */
	private static final String LIVE = """
			local t = redis.call('TIME')
			local now = t[1] * 1000 + math.floor(t[2] / 1000)
			local live = {}
			for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
			  local instance = string.match(member, '^(.-)/')
			  local beat = redis.call('ZSCORE', KEYS[2], instance)
			  if beat and tonumber(beat) >= now - tonumber(ARGV[1]) then
			    table.insert(live, member)
			  else
			    redis.call('ZREM', KEYS[1], member)
			  end
			end
			return live
			""";

	@SuppressWarnings("rawtypes")
	static final RedisScript<List> LIVE_SESSIONS = RedisScript.of(LIVE, List.class);

	@SuppressWarnings("rawtypes")
	static final RedisScript<List> ADD = RedisScript.of("""
			local t = redis.call('TIME')
			redis.call('ZADD', KEYS[2], t[1] * 1000 + math.floor(t[2] / 1000), ARGV[2])
			redis.call('ZADD', KEYS[1], 'NX', t[1] .. string.format('%06d', tonumber(t[2])), ARGV[3])
			redis.call('SADD', KEYS[3], ARGV[4])
			""" + LIVE, List.class);

	/**
	 * Renews this instance's heart-beat; returns 1 if it was missing (lost or taken for
	 * dead: the registry has lost this instance's sessions), else 0, followed by the
	 * instances whose heart-beat is old.
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> BEAT = RedisScript.of("""
			local t = redis.call('TIME')
			local now = t[1] * 1000 + math.floor(t[2] / 1000)
			local result = {redis.call('ZADD', KEYS[1], now, ARGV[2])}
			for _, dead in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - tonumber(ARGV[1])))) do
			  table.insert(result, dead)
			end
			return result
			""", List.class);

	/**
	 * The sessions of each key's user, as a count followed by that many members: one
	 * round trip on the shared connection, where a pipeline would open a connection of
	 * its own each time.
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> SESSIONS_OF = RedisScript.of("""
			local result = {}
			for _, key in ipairs(KEYS) do
			  local members = redis.call('ZRANGE', key, 0, -1)
			  table.insert(result, #members)
			  for _, member in ipairs(members) do
			    table.insert(result, member)
			  end
			end
			return result
			""", List.class);

	/**
	 * The sessions of the instances whose heart-beat is fresh: ARGV[1] the TTL, ARGV[2]
	 * and ARGV[3] the key of an instance's session set around its id.
	 */
	static final RedisScript<Long> COUNT = RedisScript.of("""
			local t = redis.call('TIME')
			local now = t[1] * 1000 + math.floor(t[2] / 1000)
			local count = 0
			for _, instance in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], now - tonumber(ARGV[1]), '+inf')) do
			  count = count + redis.call('SCARD', ARGV[2] .. instance .. ARGV[3])
			end
			return count
			""", Long.class);

	/**
	 * {@link #COUNT} per instance, preceded by how many users the sessions belong to
	 * (members are {@code <user>/<session>}).
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> COUNTS = RedisScript.of("""
			local t = redis.call('TIME')
			local now = t[1] * 1000 + math.floor(t[2] / 1000)
			local result = {0}
			local users = {}
			for _, instance in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], now - tonumber(ARGV[1]), '+inf')) do
			  local members = redis.call('SMEMBERS', ARGV[2] .. instance .. ARGV[3])
			  table.insert(result, instance)
			  table.insert(result, #members)
			  for _, member in ipairs(members) do
			    local user = string.match(member, '^([^/]+)/')
			    if user and not users[user] then
			      users[user] = true
			      result[1] = result[1] + 1
			    end
			  end
			end
			return result
			""", List.class);

	private SessionScripts() {
	}

}
