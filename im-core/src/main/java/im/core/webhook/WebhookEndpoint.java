package im.core.webhook;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "webhook_endpoints")
class WebhookEndpoint {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false)
	private String url;

	private String description;

	@Column(nullable = false, updatable = false)
	private String secret;

	@Column(nullable = false)
	private String events;

	private boolean enabled;

	@Column(nullable = false, updatable = false)
	private long createdBy;

	@Column(nullable = false, updatable = false)
	private Instant createdAt;

	private Instant failingSince;

	private Instant disabledAt;

	private String disabledReason;

	protected WebhookEndpoint() {
	}

	WebhookEndpoint(String url, String description, String secret, Set<WebhookEventType> events, long createdBy,
			Instant now) {
		this.url = url;
		this.description = description;
		this.secret = secret;
		this.events = codes(events);
		this.enabled = true;
		this.createdBy = createdBy;
		this.createdAt = now;
	}

	long id() {
		return this.id;
	}

	String url() {
		return this.url;
	}

	Set<WebhookEventType> events() {
		return Arrays.stream(this.events.split(","))
			.map(WebhookEventType::of)
			.collect(Collectors.toCollection(() -> EnumSet.noneOf(WebhookEventType.class)));
	}

	boolean enabled() {
		return this.enabled;
	}

	void change(String url, String description, Set<WebhookEventType> events) {
		if (url != null) {
			this.url = url;
		}
		if (description != null) {
			this.description = description.isBlank() ? null : description.strip();
		}
		if (events != null) {
			this.events = codes(events);
		}
	}

	/** Takes deliveries again, with a clean record of failures. */
	void enable() {
		this.enabled = true;
		this.failingSince = null;
		this.disabledAt = null;
		this.disabledReason = null;
	}

	void disable(String reason, Instant now) {
		if (this.enabled) {
			this.enabled = false;
			this.disabledAt = now;
			this.disabledReason = reason;
		}
	}

	WebhookEndpointInfo toInfo() {
		return new WebhookEndpointInfo(this.id, this.url, this.description, events(), this.enabled, this.createdBy,
				this.createdAt, this.failingSince, this.disabledAt, this.disabledReason);
	}

	private static String codes(Set<WebhookEventType> events) {
		return events.stream().sorted().map(WebhookEventType::code).collect(Collectors.joining(","));
	}

}
