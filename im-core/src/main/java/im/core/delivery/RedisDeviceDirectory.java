package im.core.delivery;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import im.core.RunMode;
import im.core.account.UserId;
import im.core.keyspace.RedisKeyspace;

import org.springframework.context.annotation.Profile;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * One Redis hash per user, {@code <instance>/<session>} to device. Entries of an instance
 * that died stay until the hash expires, a day after its last change; readers keep only
 * the connections the session registry still knows.
 */
@Component
@Profile(RunMode.CLUSTER)
class RedisDeviceDirectory implements DeviceDirectory {

	private static final Duration KEEP = Duration.ofDays(1);

	private final StringRedisTemplate redis;

	private final RedisKeyspace keyspace;

	private final SessionRegistry registry;

	RedisDeviceDirectory(StringRedisTemplate redis, RedisKeyspace keyspace, SessionRegistry registry) {
		this.redis = redis;
		this.keyspace = keyspace;
		this.registry = registry;
	}

	@Override
	public void named(UserId user, String sessionId, String deviceId) {
		String key = key(user);
		this.redis.opsForHash().put(key, this.registry.localInstance() + "/" + sessionId, deviceId);
		this.redis.expire(key, KEEP);
	}

	@Override
	public void closed(UserId user, String sessionId) {
		this.redis.opsForHash().delete(key(user), this.registry.localInstance() + "/" + sessionId);
	}

	@Override
	public Map<SessionAddress, String> devicesOf(UserId user) {
		Map<SessionAddress, String> found = new HashMap<>();
		this.redis.<String, String>opsForHash().entries(key(user)).forEach((member, device) -> {
			int slash = member.indexOf('/');
			found.put(new SessionAddress(member.substring(0, slash), member.substring(slash + 1)), device);
		});
		return found;
	}

	private String key(UserId user) {
		return this.keyspace.key("devices", user.toString());
	}

}
