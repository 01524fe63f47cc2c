package im.api.admin;

import java.util.List;
import java.util.UUID;

import im.core.RunMode;
import im.core.delivery.SessionRegistry;
import im.core.keyspace.RedisKeyspace;

import org.springframework.context.annotation.Profile;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Every instance's totals in two Redis hashes, one field per run of an instance (its id
 * and a start id: a restarted instance counts from zero again, and must not make the sum
 * go back). A run that ended leaves its last totals, which no longer rise: the per-minute
 * rates the charts draw, differences of these sums, are not changed by it. The hashes
 * live a day longer than the last write.
 */
@Component
@Profile(RunMode.CLUSTER)
class RedisInstanceTotals implements InstanceTotals {

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> PUBLISH = RedisScript.of("""
			redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
			redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
			redis.call('EXPIRE', KEYS[1], 90000)
			redis.call('EXPIRE', KEYS[2], 90000)
			local sums = {}
			for i, key in ipairs(KEYS) do
			  local sum = 0
			  for _, value in ipairs(redis.call('HVALS', key)) do
			    sum = sum + tonumber(value)
			  end
			  sums[i] = tostring(sum)
			end
			return sums
			""", List.class);

	private final StringRedisTemplate redis;

	private final List<String> keys;

	private final String run;

	RedisInstanceTotals(StringRedisTemplate redis, RedisKeyspace keyspace, SessionRegistry registry) {
		this.redis = redis;
		this.keys = List.of(keyspace.key("dashboard", "pushes"), keyspace.key("dashboard", "errors"));
		this.run = registry.localInstance() + "/" + UUID.randomUUID();
	}

	@Override
	public Totals publish(Totals local) {
		List<?> sums = this.redis.execute(PUBLISH, this.keys, this.run, String.valueOf((long) local.pushes()),
				String.valueOf((long) local.errors()));
		return new Totals(Double.parseDouble(String.valueOf(sums.get(0))),
				Double.parseDouble(String.valueOf(sums.get(1))));
	}

}
