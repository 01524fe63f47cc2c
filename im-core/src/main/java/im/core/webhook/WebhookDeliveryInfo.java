package im.core.webhook;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * One event's delivery to one endpoint and how its attempts went.
 *
 * @param status {@code pending} (to be tried, or tried again at {@code nextAttemptAt}),
 * {@code delivered} (the endpoint answered 2xx) or {@code failed} (given up)
 * @param lastStatus the HTTP status of the last attempt, null when it got no answer
 * @param lastError why the last attempt failed, null when it did not
 * @param payload the body sent, as JSON
 */
public record WebhookDeliveryInfo(long id, long endpointId, String eventId, WebhookEventType eventType, String status,
		int attempts, Instant createdAt, Instant nextAttemptAt, Instant lastAttemptAt, Integer lastStatus,
		String lastError, Instant deliveredAt, @JsonRawValue String payload) {

}
