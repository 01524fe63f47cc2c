package im.core.delivery.kafka;

import java.time.Duration;

import im.core.RunMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Holds the instance back from readiness until it reads the delivery topic: a client that
 * the load balancer sends here earlier would miss what other instances push to it.
 * Runners finish before Boot reports the application ready. Bounded: if Kafka is down at
 * start, the instance serves its own clients anyway (health says Kafka is down) and the
 * listener joins when Kafka returns.
 */
@Component
@Profile(RunMode.CLUSTER)
class AwaitDeliveryListener implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(AwaitDeliveryListener.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final DeliveryListener listener;

	AwaitDeliveryListener(DeliveryListener listener) {
		this.listener = listener;
	}

	@Override
	public void run(ApplicationArguments args) throws InterruptedException {
		if (!this.listener.awaitAssignment(TIMEOUT)) {
			log.warn("Not reading the delivery topic after {}; ready anyway, deliveries from other instances "
					+ "reach this one's clients once Kafka assigns its partitions", TIMEOUT);
		}
	}

}
