package im.api.runmode;

import java.util.concurrent.TimeUnit;

import im.core.RunMode;
import im.core.delivery.kafka.DeliveryBacklog;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Kafka in the readiness of a cluster instance: without it, deliveries between instances
 * stop. Boot has no Kafka health indicator of its own.
 */
@Component("kafka")
@Profile(RunMode.CLUSTER)
class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

	private static final int TIMEOUT_MILLIS = 3000;

	private final Admin admin;

	private final DeliveryBacklog backlog;

	KafkaHealthIndicator(KafkaAdmin kafkaAdmin, DeliveryBacklog backlog) {
		super("Kafka health check failed");
		this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
		this.backlog = backlog;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		// what waits for Kafka, shown whether or not it answers
		builder.withDetail("outboxBacklog", this.backlog.pending());
		DescribeClusterResult cluster = this.admin
			.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MILLIS));
		String clusterId = cluster.clusterId().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
		int brokers = cluster.nodes().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).size();
		builder.up().withDetail("clusterId", clusterId).withDetail("brokers", brokers);
	}

	@Override
	public void destroy() {
		this.admin.close();
	}

}
