package im.support;

import java.util.Map;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points a {@code cluster}-profile test context at this run's real services. */
public class ClusterServices implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		RealServices.Database database = RealServices.postgres();
		TestPropertyValues.of(Map.of("spring.datasource.url", database.url(), "spring.datasource.username",
				database.username(), "spring.datasource.password", database.password(), "spring.data.redis.url",
				RealServices.redisUrl(), "im.redis.key-prefix", RealServices.redisKeyPrefix(),
				"spring.kafka.bootstrap-servers", RealServices.kafkaBootstrap()))
			.applyTo(context);
	}

}
