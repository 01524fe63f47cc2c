package im.api.runmode;

import java.io.IOException;
import java.net.ServerSocket;

import im.ImApplication;
import im.support.OwnJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A cluster instance whose services are missing refuses to start, and says what to set.
 */
@OwnJvm
@ExtendWith(OutputCaptureExtension.class)
class ClusterStartupTests {

	@Test
	void unreachableServicesStopTheStartWithOneClearReport(CapturedOutput output) throws IOException {
		int closed = closedPort();
		assertThatExceptionOfType(StartupCheckFailed.class)
			.isThrownBy(() -> start("--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + closed + "/im",
					"--spring.data.redis.url=redis://127.0.0.1:" + closed,
					"--spring.kafka.bootstrap-servers=127.0.0.1:" + closed,
					"--im.security.jwt-secret=a-secret-that-is-long-enough-for-hs256"))
			.satisfies(
					(ex) -> assertThat(ex.getMessage()).contains("PostgreSQL at jdbc:postgresql://127.0.0.1:" + closed)
						.contains("set IM_DB_URL")
						.contains("Redis at redis://127.0.0.1:" + closed)
						.contains("set IM_REDIS_URL")
						.contains("Kafka at 127.0.0.1:" + closed)
						.contains("set IM_KAFKA_BOOTSTRAP"));
		assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
			.contains("Cluster mode cannot start: PostgreSQL at")
			.doesNotContain("\tat org.springframework");
	}

	@Test
	void aClusterWithoutASigningKeyRefusesToStart(CapturedOutput output) {
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> start("--im.cluster.preflight=false", "--im.security.jwt-secret=",
					"--spring.datasource.url=jdbc:h2:mem:nokey;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
					"--spring.datasource.username=sa",
					// H2 stands in for PostgreSQL here: without the cluster's
					// PostgreSQL-only
					// migration (message search), which H2 cannot run
					"--spring.flyway.locations=classpath:db/migration"));
		assertThat(output.getOut() + output.getErr()).contains("IM_JWT_SECRET is not set")
			.contains("openssl rand -base64 48");
	}

	private static void start(String... args) {
		new SpringApplicationBuilder(ImApplication.class).profiles("cluster")
			.properties("server.port=0", "spring.main.banner-mode=off")
			.run(args)
			.close();
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
