package im.support;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a {@code cluster}-profile test context at this run's real services, or at a
 * test's own where it names them.
 */
public class ClusterServices implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private final Map<String, String> own;

	public ClusterServices() {
		this(Map.of());
	}

	/** With properties of the test's own: a server it stops and starts, say. */
	public ClusterServices(Map<String, String> own) {
		this.own = own;
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		RealServices.Database database = RealServices.postgres();
		Map<String, String> properties = new HashMap<>(this.own);
		properties.putIfAbsent("spring.datasource.url", database.url());
		properties.putIfAbsent("spring.datasource.username", database.username());
		properties.putIfAbsent("spring.datasource.password", database.password());
		putIfAbsent(properties, "spring.data.redis.url", RealServices::redisUrl);
		properties.putIfAbsent("im.redis.key-prefix", RealServices.redisKeyPrefix());
		putIfAbsent(properties, "spring.kafka.bootstrap-servers", RealServices::kafkaBootstrap);
		TestPropertyValues.of(properties).applyTo(context);
	}

	/** Starts a shared server only for a test that does not bring its own. */
	private static void putIfAbsent(Map<String, String> properties, String name, Supplier<String> value) {
		if (!properties.containsKey(name)) {
			properties.put(name, value.get());
		}
	}

}
