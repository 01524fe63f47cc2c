package im.bench;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A single-node Kafka broker (KRaft) for the local cluster script
 * ({@code scripts/cluster.sh}), from Maven artifacts alone: no Kafka download, no Docker.
 * It takes a free port and prints its address ("Kafka broker ready at host:port"); its
 * data lives in a temporary folder and is gone when it stops.
 */
public final class LocalKafka {

	private LocalKafka() {
	}

	public static void main(String[] args) throws InterruptedException {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.afterPropertiesSet();
		Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "stop-kafka"));
		System.out.println("Kafka broker ready at " + broker.getBrokersAsString());
		Thread.currentThread().join();
	}

}
