package im.core.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import im.core.account.UserId;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.error.InvalidField;
import im.core.paging.PageResponse;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What administrators do with webhooks: register endpoints for event types, change,
 * disable, enable and delete them, and look at and re-send their deliveries.
 */
@Service
@Transactional
public class WebhookService {

	private static final int MAX_DESCRIPTION = 256;

	private final WebhookEndpointRepository endpoints;

	private final WebhookDeliveries deliveries;

	private final WebhookSubscriptions subscriptions;

	private final WebhookSender sender;

	private final WebhookSettings settings;

	private final Clock clock;

	WebhookService(WebhookEndpointRepository endpoints, WebhookDeliveries deliveries,
			WebhookSubscriptions subscriptions, WebhookSender sender, WebhookSettings settings, Clock clock) {
		this.endpoints = endpoints;
		this.deliveries = deliveries;
		this.subscriptions = subscriptions;
		this.sender = sender;
		this.settings = settings;
		this.clock = clock;
	}

	/** Registers an endpoint, enabled; its secret is in the answer and nowhere else. */
	public CreatedWebhookEndpoint create(UserId admin, String url, Set<WebhookEventType> events, String description) {
		String checkedUrl = WebhookTargets.check(url, this.settings.allowPrivateAddresses()).toString();
		requireEvents(events);
		String secret = WebhookSignatures.newSecret();
		WebhookEndpoint endpoint = this.endpoints.save(new WebhookEndpoint(checkedUrl, description(description), secret,
				events, admin.value(), this.clock.instant()));
		subscriptionsChanged();
		return new CreatedWebhookEndpoint(endpoint.toInfo(), secret);
	}

	@Transactional(readOnly = true)
	public List<WebhookEndpointInfo> list() {
		return this.endpoints.findAllByOrderByIdDesc().stream().map(WebhookEndpoint::toInfo).toList();
	}

	@Transactional(readOnly = true)
	public WebhookEndpointInfo get(long id) {
		return find(id).toInfo();
	}

	/**
	 * Changes what is not null. Enabling an endpoint clears its record of failures and
	 * makes its pending deliveries due at once, with a new window of retries; a disabled
	 * endpoint is sent nothing, and events while it is disabled are not recorded for it.
	 */
	public WebhookEndpointInfo change(long id, String url, Set<WebhookEventType> events, String description,
			Boolean enabled) {
		WebhookEndpoint endpoint = find(id);
		if (events != null) {
			requireEvents(events);
		}
		if (description != null) {
			description(description);
		}
		endpoint.change(
				(url != null) ? WebhookTargets.check(url, this.settings.allowPrivateAddresses()).toString() : null,
				description, events);
		Instant now = this.clock.instant();
		if (Boolean.TRUE.equals(enabled) && !endpoint.enabled()) {
			endpoint.enable();
			this.deliveries.resume(id, now, now.plus(this.settings.retryFor()));
		}
		else if (Boolean.FALSE.equals(enabled)) {
			endpoint.disable("Disabled by an administrator.", now);
		}
		subscriptionsChanged();
		return endpoint.toInfo();
	}

	/** Deletes the endpoint with its deliveries, sent or not. */
	public void delete(long id) {
		this.endpoints.delete(find(id));
		subscriptionsChanged();
	}

	/** The endpoint's deliveries, newest first; {@code status} null for all. */
	@Transactional(readOnly = true)
	public PageResponse<WebhookDeliveryInfo> deliveries(long endpointId, String status, int page, int size) {
		find(endpointId);
		if (status != null && !List.of(WebhookDeliveries.PENDING, WebhookDeliveries.DELIVERED, WebhookDeliveries.FAILED)
			.contains(status)) {
			throw new InvalidField("status", "status is one of pending, delivered, failed.");
		}
		return this.deliveries.list(endpointId, status, page, size);
	}

	/**
	 * Sends the delivery again, now, with the same event id (receivers de-duplicate by
	 * it) and a new window of retries, whether it was delivered, failed or pending.
	 */
	public WebhookDeliveryInfo resend(long endpointId, long deliveryId) {
		find(endpointId);
		this.deliveries.find(endpointId, deliveryId)
			.orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND,
					"Webhook endpoint " + endpointId + " has no delivery " + deliveryId + "."));
		Instant now = this.clock.instant();
		this.deliveries.resend(deliveryId, now, now.plus(this.settings.retryFor()));
		WebhookOutbox.afterCommit(this.sender::wake);
		return this.deliveries.find(endpointId, deliveryId).orElseThrow();
	}

	private WebhookEndpoint find(long id) {
		return this.endpoints.findById(id)
			.orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "There is no webhook endpoint " + id + "."));
	}

	private static void requireEvents(Set<WebhookEventType> events) {
		if (events == null || events.isEmpty()) {
			throw new InvalidField("events", "events must name at least one event type.");
		}
	}

	private static String description(String description) {
		if (description == null || description.isBlank()) {
			return null;
		}
		if (description.strip().length() > MAX_DESCRIPTION) {
			throw new InvalidField("description", "description may be at most " + MAX_DESCRIPTION + " characters.");
		}
		return description.strip();
	}

	/** Every change to endpoints is read into the subscriptions once committed. */
	private void subscriptionsChanged() {
		this.endpoints.flush();
		WebhookOutbox.afterCommit(() -> {
			this.subscriptions.refresh();
			this.sender.wake();
		});
	}

}
