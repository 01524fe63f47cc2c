package im.core.room;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import im.core.RunMode;
import im.core.delivery.ClusterSettings;
import im.core.keyspace.RedisKeyspace;

import org.springframework.context.annotation.Profile;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Cluster: each instance writes its audience of a room into the room's hash
 * ({@code room-audience:<room>}, one field per instance); a total adds the fields of the
 * instances whose heart-beat in the session registry is fresh, so a dead instance's
 * audience stops counting with its sessions.
 */
@Component
@Profile(RunMode.CLUSTER)
class RedisRoomCounts implements RoomCounts {

	/** KEYS: the instances' heart-beats, then one hash per room; ARGV[1]: the TTL. */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> TOTALS = RedisScript.of("""
			local t = redis.call('TIME')
			local now = t[1] * 1000 + math.floor(t[2] / 1000)
			local result = {}
			for i = 2, #KEYS do
			  local total = 0
			  local fields = redis.call('HGETALL', KEYS[i])
			  for j = 1, #fields, 2 do
			    local beat = redis.call('ZSCORE', KEYS[1], fields[j])
			    if beat and tonumber(beat) >= now - tonumber(ARGV[1]) then
			      total = total + tonumber(fields[j + 1])
			    end
			  end
			  table.insert(result, total)
			end
			return result
			""", List.class);

	private final StringRedisTemplate redis;

	private final RedisKeyspace keyspace;

	private final String instance;

	private final String ttlMillis;

	RedisRoomCounts(StringRedisTemplate redis, RedisKeyspace keyspace, ClusterSettings settings) {
		this.redis = redis;
		this.keyspace = keyspace;
		this.instance = settings.instanceId();
		this.ttlMillis = Long.toString(settings.sessionTtl().toMillis());
	}

	@Override
	public void publishLocal(Map<String, Long> counts) {
		counts.forEach((roomId, count) -> {
			if (count > 0) {
				this.redis.opsForHash().put(audience(roomId), this.instance, count.toString());
			}
			else {
				this.redis.opsForHash().delete(audience(roomId), this.instance);
			}
		});
	}

	@Override
	public Map<String, Long> totals(Collection<String> roomIds) {
		List<String> rooms = List.copyOf(roomIds);
		Map<String, Long> totals = new HashMap<>();
		if (rooms.isEmpty()) {
			return totals;
		}
		List<String> keys = new java.util.ArrayList<>();
		keys.add(this.keyspace.key("instances"));
		rooms.forEach((roomId) -> keys.add(audience(roomId)));
		List<?> found = this.redis.execute(TOTALS, keys, this.ttlMillis);
		for (int i = 0; i < rooms.size(); i++) {
			long total = ((Number) found.get(i)).longValue();
			if (total > 0) {
				totals.put(rooms.get(i), total);
			}
		}
		return totals;
	}

	@Override
	public boolean leads(Duration interval) {
		Boolean won = this.redis.opsForValue()
			.setIfAbsent(this.keyspace.key("room-count-leader"), this.instance,
					interval.minusMillis(Math.min(interval.toMillis() / 2, 200)));
		return Boolean.TRUE.equals(won);
	}

	private String audience(String roomId) {
		return this.keyspace.key("room-audience", roomId);
	}

}
