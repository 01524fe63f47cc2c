package im.core.webhook;

import java.time.Instant;
import java.util.Set;

/**
 * An endpoint as administrators see it; never its secret.
 *
 * @param enabled false once disabled by an administrator or, after failing for
 * {@code IM_WEBHOOKS_DISABLE_AFTER}, by the platform: it is then sent nothing
 * @param failingSince the first failed attempt since the last delivered one, or null
 * @param disabledReason why it was disabled, or null while enabled
 */
public record WebhookEndpointInfo(long id, String url, String description, Set<WebhookEventType> events,
		boolean enabled, long createdBy, Instant createdAt, Instant failingSince, Instant disabledAt,
		String disabledReason) {

}
