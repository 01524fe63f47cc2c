package im.core.delivery.kafka;

import java.util.concurrent.TimeUnit;

import im.core.RunMode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * How long deliveries take between instances, in two parts an operator can tell apart:
 * the wait in the sending instance's relay, and the transit through Kafka to the pushes
 * on the receiving instance. Both are histograms, so that Prometheus can give their
 * percentiles over any window ({@code histogram_quantile}).
 */
@Component
@Profile(RunMode.CLUSTER)
class DeliveryTimings {

	private final Timer relayWait;

	private final Timer transit;

	DeliveryTimings(MeterRegistry registry) {
		this.relayWait = Timer.builder("im.delivery.relay.wait")
			.description("From a delivery being handed to this instance's relay (after its transaction commits) "
					+ "to the relay handing it to Kafka's producer: the wait behind the deliveries before it")
			.publishPercentileHistogram()
			.register(registry);
		this.transit = Timer.builder("im.delivery.transit")
			.description("From another instance's relay sending a delivery to Kafka (the record's timestamp) "
					+ "to this instance pushing it to its sessions; between hosts it includes their clocks' "
					+ "difference, and it is counted in whole milliseconds")
			.publishPercentileHistogram()
			.register(registry);
	}

	void relayWaited(long offeredAtNanos, long takenAtNanos) {
		this.relayWait.record(takenAtNanos - offeredAtNanos, TimeUnit.NANOSECONDS);
	}

	void transited(long sentAtEpochMillis, long pushedAtEpochMillis) {
		// a record from a host whose clock is ahead would give a negative time
		this.transit.record(Math.max(0, pushedAtEpochMillis - sentAtEpochMillis), TimeUnit.MILLISECONDS);
	}

}
