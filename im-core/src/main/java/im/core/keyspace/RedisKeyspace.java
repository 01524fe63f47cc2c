package im.core.keyspace;

import im.core.RunMode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Names every Redis key the platform writes, under one prefix
 * ({@code IM_REDIS_KEY_PREFIX}), so that several deployments, or several test runs, can
 * share one Redis without meeting.
 */
@Component
@Profile(RunMode.CLUSTER)
public class RedisKeyspace {

	private final String prefix;

	RedisKeyspace(@Value("${im.redis.key-prefix:im:}") String prefix) {
		this.prefix = prefix;
	}

	/** The key made of {@code parts} joined by ':' under the prefix. */
	public String key(String... parts) {
		return this.prefix + String.join(":", parts);
	}

}
