package im.core.webhook;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Which enabled endpoints want each event type, kept in memory so that recording an event
 * nobody wants (a chat message, most of the time) costs a map look-up and no statement.
 * Read again when an endpoint changes here, and every few seconds for the changes made on
 * other instances. Refreshes run one at a time, so the last to finish read last: a change
 * committed here is never overwritten by a read that began before it.
 */
@Component
class WebhookSubscriptions {

	private static final Logger log = LoggerFactory.getLogger(WebhookSubscriptions.class);

	private final WebhookEndpointRepository endpoints;

	private volatile Map<WebhookEventType, List<Long>> byType = Map.of();

	WebhookSubscriptions(WebhookEndpointRepository endpoints) {
		this.endpoints = endpoints;
	}

	/** The ids of the enabled endpoints that want the type; empty for most types. */
	List<Long> endpointsFor(WebhookEventType type) {
		return this.byType.getOrDefault(type, List.of());
	}

	boolean wanted(WebhookEventType type) {
		return this.byType.containsKey(type);
	}

	@Scheduled(fixedDelay = 5_000, initialDelay = 0)
	synchronized void refresh() {
		Map<WebhookEventType, List<Long>> read = new EnumMap<>(WebhookEventType.class);
		for (WebhookEndpoint endpoint : this.endpoints.findAll()) {
			if (endpoint.enabled()) {
				for (WebhookEventType type : endpoint.events()) {
					read.computeIfAbsent(type, (key) -> new ArrayList<>()).add(endpoint.id());
				}
			}
		}
		if (!read.equals(this.byType)) {
			log.debug("Webhook subscriptions: {}", read);
		}
		this.byType = read;
	}

}
