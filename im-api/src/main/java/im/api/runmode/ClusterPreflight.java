package im.api.runmode;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import im.core.RunMode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * Before a cluster instance starts anything, makes sure PostgreSQL, Redis and Kafka
 * answer. An unreachable service stops the start with one line naming it and the variable
 * that sets its address (issue "Platform foundation": no stack-trace wall), rather than a
 * failure deep inside a connection pool, or an instance that starts and then cannot
 * deliver.
 */
class ClusterPreflight implements ApplicationListener<ApplicationPreparedEvent> {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final List<String> CLIENT_LOGGERS = List.of("org.apache.kafka", "io.lettuce", "io.netty");

	@Override
	public void onApplicationEvent(ApplicationPreparedEvent event) {
		ConfigurableEnvironment env = event.getApplicationContext().getEnvironment();
		if (!env.acceptsProfiles(Profiles.of(RunMode.CLUSTER))
				|| !env.getProperty("im.cluster.preflight", Boolean.class, true)) {
			return;
		}
		List<String> problems = new ArrayList<>();
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		Map<String, LogLevel> configured = quiet(logging);
		try {
			checkDatabase(env.getProperty("spring.datasource.url"), env.getProperty("spring.datasource.username"),
					env.getProperty("spring.datasource.password"), problems);
			checkRedis(env.getProperty("spring.data.redis.url"), problems);
			checkKafka(env.getProperty("spring.kafka.bootstrap-servers"), problems);
		}
		finally {
			configured.forEach(logging::setLogLevel);
		}
		if (!problems.isEmpty()) {
			throw new StartupCheckFailed("Cluster mode cannot start: " + String.join("; ", problems),
					"Start the missing service or point the instance at it with IM_DB_URL / IM_DB_USER / "
							+ "IM_DB_PASSWORD (PostgreSQL), IM_REDIS_URL (Redis) and IM_KAFKA_BOOTSTRAP (Kafka). "
							+ "Without them, run standalone: leave out the 'cluster' profile.");
		}
	}

	/**
	 * The clients log their whole configuration and every failed retry; during the probe
	 * only our one-line verdict is useful. Returns the levels to restore.
	 */
	private static Map<String, LogLevel> quiet(LoggingSystem logging) {
		Map<String, LogLevel> configured = new HashMap<>();
		for (String logger : CLIENT_LOGGERS) {
			LoggerConfiguration current = logging.getLoggerConfiguration(logger);
			configured.put(logger, (current != null) ? current.getConfiguredLevel() : null);
			logging.setLogLevel(logger, LogLevel.OFF);
		}
		return configured;
	}

	private static void checkDatabase(String url, String user, String password, List<String> problems) {
		DriverManager.setLoginTimeout((int) TIMEOUT.toSeconds());
		try (Connection connection = DriverManager.getConnection(url, user, password)) {
			connection.isValid((int) TIMEOUT.toSeconds());
		}
		catch (SQLException ex) {
			problems
				.add("PostgreSQL at " + url + " is not reachable (" + firstLine(ex.getMessage()) + "; set IM_DB_URL)");
		}
	}

	private static void checkRedis(String url, List<String> problems) {
		RedisURI uri;
		try {
			uri = RedisURI.create(url);
		}
		catch (RuntimeException ex) {
			problems.add("IM_REDIS_URL '" + url + "' is not a Redis URL (redis://[:password@]host:port)");
			return;
		}
		uri.setTimeout(TIMEOUT);
		RedisClient client = RedisClient.create(uri);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().ping();
		}
		catch (RuntimeException ex) {
			problems.add("Redis at " + withoutCredentials(url) + " is not reachable (" + firstLine(ex.getMessage())
					+ "; set IM_REDIS_URL)");
		}
		finally {
			client.shutdown(Duration.ZERO, TIMEOUT);
		}
	}

	private static void checkKafka(String bootstrap, List<String> problems) {
		Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
				// one connection attempt per second keeps the log of an absent broker
				// short
				AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 1000);
		try (Admin admin = Admin.create(config)) {
			admin.describeCluster().clusterId().get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			problems.add("Kafka at " + bootstrap + " is not reachable (no answer within " + TIMEOUT.toSeconds()
					+ " s; set IM_KAFKA_BOOTSTRAP)");
		}
	}

	private static String withoutCredentials(String url) {
		try {
			URI uri = URI.create(url);
			return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
		}
		catch (IllegalArgumentException ex) {
			return "(unparseable URL)";
		}
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "no detail";
		}
		int newline = message.indexOf('\n');
		return (newline < 0) ? message : message.substring(0, newline);
	}

}
