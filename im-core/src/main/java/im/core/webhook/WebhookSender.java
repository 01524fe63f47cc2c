package im.core.webhook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import im.core.error.InvalidField;
import im.core.error.Outage;
import im.core.webhook.WebhookDeliveries.Claimed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends the deliveries that are due: each instance takes a batch under a lease, posts
 * each delivery to its endpoint, signed, and records the outcome: delivered on a 2xx
 * answer, otherwise tried again after a wait that doubles each time, until the delivery's
 * window of retries closes. Redirects are not followed (a 3xx is a failure), as the
 * Standard Webhooks specification advises. At most {@value #MAX_IN_FLIGHT} attempts are
 * under way at once per instance, so a slow endpoint holds a few of them and not the
 * others.
 */
@Component
class WebhookSender implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

	static final int MAX_IN_FLIGHT = 64;

	private static final int MAX_ERROR_LENGTH = 512;

	private final WebhookDeliveries deliveries;

	private final WebhookEndpointHealth health;

	private final WebhookSubscriptions subscriptions;

	private final WebhookSettings settings;

	private final Clock clock;

	private final Semaphore wakeUps = new Semaphore(0);

	/**
	 * What one run (from {@link #start} to {@link #stop}) sends with. Made anew at each
	 * start: a stopped context can be started again (Spring's tests pause the contexts
	 * they cache), and attempts cut short by a stop must not hold slots of the next run.
	 */
	private volatile Run run;

	WebhookSender(WebhookDeliveries deliveries, WebhookEndpointHealth health, WebhookSubscriptions subscriptions,
			WebhookSettings settings, Clock clock) {
		this.deliveries = deliveries;
		this.health = health;
		this.subscriptions = subscriptions;
		this.settings = settings;
		this.clock = clock;
	}

	/** Looks for due deliveries now rather than at the next poll. */
	void wake() {
		this.wakeUps.release();
	}

	@Override
	public synchronized void start() {
		if (this.run == null) {
			Run started = new Run(this.settings);
			this.run = started;
			started.loop = Thread.ofPlatform().daemon().name("im-webhooks").start(() -> loop(started));
		}
	}

	@Override
	public synchronized void stop() {
		Run stopping = this.run;
		if (stopping == null) {
			return;
		}
		this.run = null;
		stopping.running = false;
		wake();
		try {
			stopping.loop.join(this.settings.timeout().toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		stopping.http.shutdownNow();
		stopping.outcomes.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.run != null;
	}

	private void loop(Run current) {
		while (current.running) {
			try {
				this.wakeUps.tryAcquire(this.settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
				this.wakeUps.drainPermits();
				sendDue(current);
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				if (Outage.explains(ex)) {
					log.warn("Could not look for webhook deliveries due, the database is unavailable: {}",
							ex.toString());
				}
				else {
					log.error("Could not look for webhook deliveries due", ex);
				}
			}
		}
	}

	/** Takes and sends due deliveries while there are some and attempts may start. */
	private void sendDue(Run current) throws InterruptedException {
		while (current.running) {
			int free = current.slots.availablePermits();
			if (free == 0) {
				return;
			}
			Instant now = this.clock.instant();
			List<Claimed> claimed = this.deliveries.claim(free, now, now.plus(this.settings.lease()));
			for (Claimed delivery : claimed) {
				current.slots.acquire();
				send(current, delivery);
			}
			if (claimed.size() < free) {
				return;
			}
		}
	}

	private void send(Run current, Claimed delivery) {
		Instant now = this.clock.instant();
		HttpRequest request;
		try {
			URI target = URI.create(delivery.url());
			if (!this.settings.allowPrivateAddresses()) {
				WebhookTargets.requirePublic(target.getHost());
			}
			long timestamp = now.getEpochSecond();
			request = HttpRequest.newBuilder(target)
				.timeout(this.settings.timeout())
				.header("Content-Type", "application/json")
				.header("User-Agent", "im-webhooks/1")
				.header("webhook-id", delivery.eventId())
				.header("webhook-timestamp", Long.toString(timestamp))
				.header("webhook-signature",
						WebhookSignatures.sign(delivery.secret(), delivery.eventId(), timestamp, delivery.payload()))
				.POST(HttpRequest.BodyPublishers.ofString(delivery.payload()))
				.build();
		}
		catch (InvalidField | IllegalArgumentException ex) {
			current.outcomes.execute(() -> finish(current, delivery, null, ex));
			return;
		}
		current.http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
			.whenComplete((response, failure) -> finish(current, delivery, response, failure));
	}

	private void finish(Run current, Claimed delivery, HttpResponse<?> response, Throwable failure) {
		try {
			Instant now = this.clock.instant();
			if (response != null && response.statusCode() / 100 == 2) {
				this.deliveries.delivered(delivery, response.statusCode(), now);
				this.health.succeeded(delivery.endpointId());
				return;
			}
			Integer status = (response != null) ? response.statusCode() : null;
			String error = (response != null) ? "The endpoint answered HTTP " + response.statusCode() + "."
					: describe(failure);
			int attempts = delivery.attempts() + 1;
			Instant next = now.plus(this.settings.retryDelay(attempts));
			this.deliveries.failed(delivery, status, error, now, next.isAfter(delivery.retryUntil()) ? null : next);
			if (this.health.failed(delivery.endpointId(), now, this.settings.disableAfter())) {
				log.warn("Webhook endpoint {} ({}) is disabled: every attempt failed for {}; the last: {}",
						delivery.endpointId(), delivery.url(), this.settings.disableAfter(), error);
				this.subscriptions.refresh();
			}
		}
		catch (RuntimeException ex) {
			// the lease runs out and the delivery is tried again
			log.warn("Could not record the outcome of webhook delivery {}: {}", delivery.id(), ex.toString());
		}
		finally {
			current.slots.release();
		}
	}

	private String describe(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		String error;
		if (cause instanceof HttpTimeoutException) {
			error = "No answer within " + this.settings.timeout() + " (IM_WEBHOOKS_TIMEOUT).";
		}
		else if (cause instanceof ConnectException) {
			error = "Could not connect: " + ((cause.getMessage() != null) ? cause.getMessage() : "refused") + ".";
		}
		else if (cause instanceof InvalidField invalid) {
			error = invalid.getMessage();
		}
		else if (cause instanceof IOException) {
			error = "The connection failed: " + cause + ".";
		}
		else {
			error = String.valueOf(cause);
		}
		return (error.length() > MAX_ERROR_LENGTH) ? error.substring(0, MAX_ERROR_LENGTH) : error;
	}

	/** The HTTP client, its threads and the slots of attempts of one run. */
	private static final class Run {

		private final Semaphore slots = new Semaphore(MAX_IN_FLIGHT);

		private final ExecutorService outcomes = Executors.newVirtualThreadPerTaskExecutor();

		private final HttpClient http;

		private volatile boolean running = true;

		private Thread loop;

		Run(WebhookSettings settings) {
			this.http = HttpClient.newBuilder()
				.connectTimeout(settings.timeout())
				.followRedirects(HttpClient.Redirect.NEVER)
				.executor(this.outcomes)
				.build();
		}

	}

	/** Forgets deliveries that are over, once they are older than the settings keep. */
	@Scheduled(fixedDelay = 3_600_000, initialDelay = 60_000)
	void forgetOld() {
		int forgotten = this.deliveries
			.deleteFinishedBefore(this.clock.instant().minus(this.settings.keepDeliveries()));
		if (forgotten > 0) {
			log.info("Forgot {} webhook deliveries older than {}", forgotten, this.settings.keepDeliveries());
		}
	}

}
