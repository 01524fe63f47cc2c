package im.core.webhook;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How webhook deliveries are sent and retried.
 *
 * @param allowPrivateAddresses whether an endpoint may be on a loopback, private or
 * link-local address ({@code IM_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES}); an operator whose
 * administrators must not reach the internal network sets it to false, which is checked
 * at registration and again before every attempt
 * @param timeout how long one attempt may take, connecting included
 * ({@code IM_WEBHOOKS_TIMEOUT}); longer counts as a failure
 * @param firstRetryDelay the wait after the first failed attempt, doubled after each
 * further one ({@code IM_WEBHOOKS_FIRST_RETRY_DELAY})
 * @param maxRetryDelay the longest wait between two attempts
 * ({@code IM_WEBHOOKS_MAX_RETRY_DELAY})
 * @param retryFor how long after an event (or a re-send) its delivery is tried before it
 * is given up ({@code IM_WEBHOOKS_RETRY_FOR})
 * @param disableAfter an endpoint that has failed every attempt for this long is disabled
 * ({@code IM_WEBHOOKS_DISABLE_AFTER})
 * @param pollInterval how often each instance looks for deliveries due
 * ({@code IM_WEBHOOKS_POLL_INTERVAL}); an event recorded on this instance is sent at once
 * @param keepDeliveries how long delivered and failed deliveries stay listed
 * ({@code IM_WEBHOOKS_KEEP_DELIVERIES})
 */
@ConfigurationProperties("im.webhooks")
public record WebhookSettings(@DefaultValue("true") boolean allowPrivateAddresses,
		@DefaultValue("10s") Duration timeout, @DefaultValue("10s") Duration firstRetryDelay,
		@DefaultValue("1h") Duration maxRetryDelay, @DefaultValue("24h") Duration retryFor,
		@DefaultValue("24h") Duration disableAfter, @DefaultValue("1s") Duration pollInterval,
		@DefaultValue("7d") Duration keepDeliveries) {

	/**
	 * How long an instance holds a delivery it is sending: past it (the instance died)
	 * another takes the delivery up.
	 */
	Duration lease() {
		return this.timeout.multipliedBy(2).plusSeconds(5);
	}

	/** The wait after the given number of failed attempts (1 or more). */
	Duration retryDelay(int failedAttempts) {
		Duration delay = this.firstRetryDelay;
		for (int i = 1; i < failedAttempts && delay.compareTo(this.maxRetryDelay) < 0; i++) {
			delay = delay.multipliedBy(2);
		}
		return (delay.compareTo(this.maxRetryDelay) < 0) ? delay : this.maxRetryDelay;
	}

}
