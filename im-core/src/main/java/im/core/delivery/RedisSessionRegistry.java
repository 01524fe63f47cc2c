package im.core.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import im.core.RunMode;
import im.core.account.UserId;
import im.core.keyspace.RedisKeyspace;

import org.springframework.context.annotation.Profile;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The sessions of every instance of a cluster, in Redis.
 * <p>
 * {@code sessions:<user>} is a sorted set of {@code <instance>/<session>} scored by
 * connection time (oldest first); {@code instances} scores each instance by its last
 * heart-beat, which it renews every second; {@code instance:<id>:sessions} lists an
 * instance's sessions for the one that cleans up after it. A session counts only while
 * its instance's heart-beat is younger than {@code IM_SESSION_TTL}: the sessions of an
 * instance that died stop counting then, whoever looks first removes them, and one
 * surviving instance (whichever claims the dead one) announces the users left offline.
 * Times come from Redis, so the instances' clocks need not agree.
 */
@Component
@Profile(RunMode.CLUSTER)
class RedisSessionRegistry implements SessionRegistry {

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
	private static final RedisScript<List> LIVE_SESSIONS = RedisScript.of(LIVE, List.class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> ADD = RedisScript.of("""
			local t = redis.call('TIME')
			redis.call('ZADD', KEYS[2], t[1] * 1000 + math.floor(t[2] / 1000), ARGV[2])
			redis.call('ZADD', KEYS[1], 'NX', t[1] .. string.format('%06d', tonumber(t[2])), ARGV[3])
			redis.call('SADD', KEYS[3], ARGV[4])
			""" + LIVE, List.class);

	/**
	 * Renews this instance's heart-beat; returns the instances whose heart-beat is old.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> BEAT = RedisScript.of("""
			local t = redis.call('TIME')
			local now = t[1] * 1000 + math.floor(t[2] / 1000)
			redis.call('ZADD', KEYS[1], now, ARGV[2])
			return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - tonumber(ARGV[1])))
			""", List.class);

	private final StringRedisTemplate redis;

	private final RedisKeyspace keyspace;

	private final String instance;

	private final String ttlMillis;

	RedisSessionRegistry(StringRedisTemplate redis, RedisKeyspace keyspace, ClusterSettings settings) {
		this.redis = redis;
		this.keyspace = keyspace;
		this.instance = settings.instanceId();
		this.ttlMillis = Long.toString(settings.sessionTtl().toMillis());
	}

	@Override
	public String localInstance() {
		return this.instance;
	}

	@Override
	public List<SessionAddress> add(UserId user, String sessionId) {
		List<?> live = this.redis.execute(ADD,
				List.of(userSessions(user), instances(), instanceSessions(this.instance)), this.ttlMillis,
				this.instance, this.instance + "/" + sessionId, user + "/" + sessionId);
		return live.stream().map(Object::toString).map(RedisSessionRegistry::address).toList();
	}

	@Override
	public int remove(UserId user, String sessionId) {
		this.redis.opsForZSet().remove(userSessions(user), this.instance + "/" + sessionId);
		this.redis.opsForSet().remove(instanceSessions(this.instance), user + "/" + sessionId);
		return live(user).size();
	}

	@Override
	public boolean isOnline(UserId user) {
		return !live(user).isEmpty();
	}

	@Override
	public Set<String> instancesHolding(Collection<UserId> users) {
		List<String> keys = users.stream().map(this::userSessions).toList();
		List<Object> results = this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			keys.forEach((key) -> connection.zSetCommands().zRange(key.getBytes(StandardCharsets.UTF_8), 0, -1));
			return null;
		});
		Set<String> holding = new HashSet<>();
		for (Object members : results) {
			for (Object member : (Collection<?>) members) {
				holding.add(address(member.toString()).instanceId());
			}
		}
		return holding;
	}

	@Override
	public List<UserId> maintain() {
		List<?> dead = this.redis.execute(BEAT, List.of(instances()), this.ttlMillis, this.instance);
		List<UserId> offline = new ArrayList<>();
		for (Object deadInstance : dead) {
			String name = deadInstance.toString();
			// whoever removes it cleans up after it, once
			Long claimed = this.redis.opsForZSet().remove(instances(), name);
			if (claimed != null && claimed == 1) {
				offline.addAll(forget(name));
			}
		}
		return offline;
	}

	private List<UserId> forget(String deadInstance) {
		Set<String> sessions = this.redis.opsForSet().members(instanceSessions(deadInstance));
		Set<UserId> users = new HashSet<>();
		for (String entry : (sessions != null) ? sessions : Set.<String>of()) {
			int slash = entry.indexOf('/');
			UserId user = new UserId(Long.parseLong(entry.substring(0, slash)));
			this.redis.opsForZSet().remove(userSessions(user), deadInstance + "/" + entry.substring(slash + 1));
			users.add(user);
		}
		this.redis.delete(instanceSessions(deadInstance));
		return users.stream().filter((user) -> !isOnline(user)).toList();
	}

	private List<?> live(UserId user) {
		return this.redis.execute(LIVE_SESSIONS, List.of(userSessions(user), instances()), this.ttlMillis);
	}

	private static SessionAddress address(String member) {
		int slash = member.indexOf('/');
		return new SessionAddress(member.substring(0, slash), member.substring(slash + 1));
	}

	private String userSessions(UserId user) {
		return this.keyspace.key("sessions", user.toString());
	}

	private String instances() {
		return this.keyspace.key("instances");
	}

	private String instanceSessions(String instance) {
		return this.keyspace.key("instance", instance, "sessions");
	}

}
