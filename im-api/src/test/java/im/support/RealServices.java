package im.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import redis.embedded.RedisServer;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Real PostgreSQL, Redis and Kafka servers for integration tests, each started once per
 * test JVM and only when a test asks for it. Where each comes from, first match wins:
 * <ol>
 * <li>a server named by an environment variable ({@code IM_TEST_DB_URL} with
 * {@code IM_TEST_DB_USER}/{@code IM_TEST_DB_PASSWORD}, {@code IM_TEST_REDIS_URL},
 * {@code IM_TEST_KAFKA_BOOTSTRAP});</li>
 * <li>a Testcontainers container, when a Docker engine answers;</li>
 * <li>a real server started from Maven artifacts: embedded PostgreSQL binaries, the
 * redis-server shipped in embedded-redis, Spring Kafka's embedded KRaft broker.</li>
 * </ol>
 * Every run gets its own database and its own Redis key prefix, so runs never see each
 * other's data even on shared servers.
 */
public final class RealServices {

	/** Unique to this test JVM: names the database and prefixes the Redis keys. */
	public static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);

	private static Database database;

	private static String redisUrl;

	private static String kafkaBootstrap;

	private static Boolean docker;

	private RealServices() {
	}

	/** A JDBC location of a database created for this run. */
	public record Database(String url, String username, String password) {

	}

	public static synchronized Database postgres() {
		if (database == null) {
			database = createRunDatabase(postgresServer());
		}
		return database;
	}

	public static synchronized String redisUrl() {
		if (redisUrl == null) {
			redisUrl = startRedis();
		}
		return redisUrl;
	}

	public static String redisKeyPrefix() {
		return "im-test-" + RUN_ID + ":";
	}

	public static synchronized String kafkaBootstrap() {
		if (kafkaBootstrap == null) {
			kafkaBootstrap = startKafka();
		}
		return kafkaBootstrap;
	}

	private static Database postgresServer() {
		String url = System.getenv("IM_TEST_DB_URL");
		if (url != null) {
			return new Database(url, env("IM_TEST_DB_USER", "postgres"), env("IM_TEST_DB_PASSWORD", ""));
		}
		if (dockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
			container.start();
			stopOnExit(container::stop);
			return new Database(container.getJdbcUrl(), container.getUsername(), container.getPassword());
		}
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
			stopOnExit(() -> {
				try {
					postgres.close();
				}
				catch (IOException ex) {
					// the JVM is exiting; the server's process dies with it
				}
			});
			return new Database(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start embedded PostgreSQL", ex);
		}
	}

	private static Database createRunDatabase(Database server) {
		String name = "im_test_" + RUN_ID;
		try (Connection connection = DriverManager.getConnection(server.url(), server.username(), server.password());
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the test database " + name + " on " + server.url(), ex);
		}
		// on a shared server, leave nothing behind; a server of our own vanishes anyway
		stopOnExit(() -> dropDatabase(server, name));
		String url = server.url().replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
		return new Database(url, server.username(), server.password());
	}

	private static void dropDatabase(Database server, String name) {
		try (Connection connection = DriverManager.getConnection(server.url(), server.username(), server.password());
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		}
		catch (SQLException ex) {
			System.err.println("Could not drop the test database " + name + ": " + ex.getMessage());
		}
	}

	private static String startRedis() {
		String url = System.getenv("IM_TEST_REDIS_URL");
		if (url != null) {
			return url;
		}
		if (dockerAvailable()) {
			GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
			container.start();
			stopOnExit(container::stop);
			return "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
		}
		int port = freePort();
		try {
			RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").build();
			server.start();
			stopOnExit(() -> {
				try {
					server.stop();
				}
				catch (IOException ex) {
					// the JVM is exiting; the server's process dies with it
				}
			});
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start embedded Redis", ex);
		}
		return "redis://127.0.0.1:" + port;
	}

	private static String startKafka() {
		String bootstrap = System.getenv("IM_TEST_KAFKA_BOOTSTRAP");
		if (bootstrap != null) {
			return bootstrap;
		}
		if (dockerAvailable()) {
			KafkaContainer container = new KafkaContainer("apache/kafka:4.1.1");
			container.start();
			stopOnExit(container::stop);
			return container.getBootstrapServers();
		}
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.afterPropertiesSet();
		stopOnExit(broker::destroy);
		return broker.getBrokersAsString();
	}

	private static boolean dockerAvailable() {
		if (docker == null) {
			try {
				docker = DockerClientFactory.instance().isDockerAvailable();
			}
			catch (RuntimeException ex) {
				docker = false;
			}
		}
		return docker;
	}

	/** A port nothing listens on now. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No free port", ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null) ? value : fallback;
	}

	private static void stopOnExit(Runnable stop) {
		Runtime.getRuntime().addShutdownHook(new Thread(stop, "stop-test-service"));
	}

}
