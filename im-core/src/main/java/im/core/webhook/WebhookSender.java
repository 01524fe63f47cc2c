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

	private final Semaphore slots = new Semaphore(MAX_IN_FLIGHT);

	private final Semaphore wakeUps = new Semaphore(0);

	private final ExecutorService outcomes = Executors.newVirtualThreadPerTaskExecutor();

	private final HttpClient http;

	private volatile boolean running;

	private Thread loop;

	WebhookSender(WebhookDeliveries deliveries, WebhookEndpointHealth health, WebhookSubscriptions subscriptions,
			WebhookSettings settings, Clock clock) {
		this.deliveries = deliveries;
		this.health = health;
		this.subscriptions = subscriptions;
		this.settings = settings;
		this.clock = clock;
		this.http = HttpClient.newBuilder()
			.connectTimeout(settings.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.executor(this.outcomes)
			.build();
	}

	/** Looks for due deliveries now rather than at the next poll. */
	void wake() {
		this.wakeUps.release();
	}

	@Override
	public void start() {
		this.running = true;
		this.loop = Thread.ofPlatform().daemon().name("im-webhooks").start(this::run);
	}

	@Override
	public void stop() {
		this.running = false;
		wake();
		try {
			this.loop.join(this.settings.timeout().toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.http.shutdownNow();
		this.outcomes.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void run() {
		while (this.running) {
			try {
				this.wakeUps.tryAcquire(this.settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
				this.wakeUps.drainPermits();
				sendDue();
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
	private void sendDue() throws InterruptedException {
		while (this.running) {
			int free = this.slots.availablePermits();
			if (free == 0) {
				return;
			}
			Instant now = this.clock.instant();
			List<Claimed> claimed = this.deliveries.claim(free, now, now.plus(this.settings.lease()));
			for (Claimed delivery : claimed) {
				this.slots.acquire();
				send(delivery);
			}
			if (claimed.size() < free) {
				return;
			}
		}
	}

	private void send(Claimed delivery) {
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
			this.outcomes.execute(() -> finish(delivery, null, ex));
			return;
		}
		this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
			.whenComplete((response, failure) -> finish(delivery, response, failure));
	}

	private void finish(Claimed delivery, HttpResponse<?> response, Throwable failure) {
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
			this.slots.release();
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
