package im.core.keyspace;

import im.core.RunMode;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;

import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * While Redis is unreachable, Lettuce by default queues every command until it reconnects
 * or the command times out: each caller would wait the whole timeout. Rejecting at once
 * lets the callers that can do without Redis fall back without delay (README, "Redis
 * unreachable"); Lettuce still reconnects in the background.
 */
@Configuration(proxyBeanMethods = false)
@Profile(RunMode.CLUSTER)
class RedisConnectionConfiguration {

	@Bean
	LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
		return (options) -> options.disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS);
	}

}
