package im.support;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a {@code cluster}-profile test context at this run's real services. */
public final class ClusterServices {

	private ClusterServices() {
	}

	public static void register(DynamicPropertyRegistry registry) {
		RealServices.Database database = RealServices.postgres();
		registry.add("spring.datasource.url", database::url);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
		registry.add("spring.data.redis.url", RealServices::redisUrl);
		registry.add("im.redis.key-prefix", RealServices::redisKeyPrefix);
		registry.add("spring.kafka.bootstrap-servers", RealServices::kafkaBootstrap);
	}

}
