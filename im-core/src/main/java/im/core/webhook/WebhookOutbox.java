package im.core.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records events for the endpoints that want them, in the transaction of the change they
 * report: committed together, or not at all. The core's own events are recorded by
 * {@link WebhookSources}; the modules built on the core (calls) record theirs here.
 */
@Component
public class WebhookOutbox {

	private final WebhookSubscriptions subscriptions;

	private final WebhookDeliveries deliveries;

	private final WebhookSender sender;

	private final WebhookSettings settings;

	private final JsonMapper json;

	private final Clock clock;

	WebhookOutbox(WebhookSubscriptions subscriptions, WebhookDeliveries deliveries, WebhookSender sender,
			WebhookSettings settings, JsonMapper json, Clock clock) {
		this.subscriptions = subscriptions;
		this.deliveries = deliveries;
		this.sender = sender;
		this.settings = settings;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Whether any enabled endpoint wants the type: when not, recording it does nothing.
	 */
	public boolean wanted(WebhookEventType type) {
		return this.subscriptions.wanted(type);
	}

	/** Records one event whose {@code data} is serialized as JSON. */
	public void record(WebhookEventType type, Object data) {
		recordAll(type, List.of(data));
	}

	/** Records an event per item of {@code data}, in one batch. */
	public void recordAll(WebhookEventType type, List<?> data) {
		List<Long> endpoints = this.subscriptions.endpointsFor(type);
		if (endpoints.isEmpty() || data.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		List<WebhookDeliveries.NewDelivery> rows = new ArrayList<>(data.size() * endpoints.size());
		for (Object item : data) {
			String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
			String payload = this.json.writeValueAsString(new Envelope(eventId, type, now, item));
			for (long endpoint : endpoints) {
				rows.add(new WebhookDeliveries.NewDelivery(endpoint, eventId, type, payload));
			}
		}
		this.deliveries.insert(rows, now, now.plus(this.settings.retryFor()));
		afterCommit(this.sender::wake);
	}

	/**
	 * Runs the action once the current transaction has committed, or at once outside one:
	 * the sender looks for rows only when they can be seen.
	 */
	static void afterCommit(Runnable action) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			action.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				action.run();
			}
		});
	}

	/**
	 * The body of every delivery, as the Standard Webhooks specification suggests: the
	 * event's id (also in {@code webhook-id}), its type, when it happened, and its data.
	 */
	record Envelope(String id, WebhookEventType type, Instant timestamp, Object data) {

	}

}
