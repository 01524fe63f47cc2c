package im.admin.webhook;

import java.util.List;
import java.util.Set;

import im.core.account.UserId;
import im.core.paging.PageNumber;
import im.core.paging.PageResponse;
import im.core.webhook.CreatedWebhookEndpoint;
import im.core.webhook.WebhookDeliveryInfo;
import im.core.webhook.WebhookEndpointInfo;
import im.core.webhook.WebhookEventType;
import im.core.webhook.WebhookService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/webhooks")
@Validated
@Tag(name = "Admin: webhooks",
		description = "Endpoints that receive events as signed HTTP POSTs (ADMIN role only). Each delivery carries "
				+ "the headers webhook-id (the event's id, the same on every retry: de-duplicate by it), "
				+ "webhook-timestamp (Unix seconds) and webhook-signature ('v1,' and the base64 HMAC-SHA256 of "
				+ "'<webhook-id>.<webhook-timestamp>.<body>' keyed with the secret's base64 part after 'whsec_'), "
				+ "as the Standard Webhooks specification has them; the body is {id, type, timestamp, data}. "
				+ "A 2xx answer delivers; anything else, or no answer within IM_WEBHOOKS_TIMEOUT, is tried again "
				+ "after IM_WEBHOOKS_FIRST_RETRY_DELAY, doubling up to IM_WEBHOOKS_MAX_RETRY_DELAY, for "
				+ "IM_WEBHOOKS_RETRY_FOR; an endpoint whose every attempt failed for IM_WEBHOOKS_DISABLE_AFTER is "
				+ "disabled. Details and a verification snippet: docs/integrations.md.")
class WebhookAdminController {

	private final WebhookService webhooks;

	WebhookAdminController(WebhookService webhooks) {
		this.webhooks = webhooks;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Register an endpoint",
			description = "Answers the signing secret once, in 'secret'; store it now. Event types: message.created, "
					+ "message.edited, message.recalled, message.undelivered (a member had no connection open when "
					+ "the message was stored: the cue for a mobile push), conversation.member-added, "
					+ "conversation.member-removed, user.registered, call.ended, room.closed. The URL must be http "
					+ "or https, without user information or fragment, and, where the operator forbids it "
					+ "(IM_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=false), not on an internal address.")
	CreatedWebhookEndpoint create(@Valid @RequestBody NewEndpoint request, Authentication admin) {
		return this.webhooks.create(UserId.of(admin.getName()), request.url(), request.events(), request.description());
	}

	@GetMapping
	@Operation(summary = "List endpoints",
			description = "Newest first, disabled ones too, with why they were disabled; never the secret.")
	List<WebhookEndpointInfo> list() {
		return this.webhooks.list();
	}

	@GetMapping("/{id}")
	@Operation(summary = "One endpoint",
			description = "As in the list: its events, whether it is enabled, since when it fails, why it was "
					+ "disabled; never the secret. An unknown id answers 404.")
	WebhookEndpointInfo get(@PathVariable long id) {
		return this.webhooks.get(id);
	}

	@PatchMapping("/{id}")
	@Operation(summary = "Change, disable or enable an endpoint",
			description = "Changes the fields given. 'enabled': false stops deliveries to it (events meanwhile are "
					+ "not recorded for it); true clears its failures and sends its pending deliveries at once, with "
					+ "a new window of retries.")
	WebhookEndpointInfo change(@PathVariable long id, @Valid @RequestBody EndpointChange request) {
		return this.webhooks.change(id, request.url(), request.events(), request.description(), request.enabled());
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete an endpoint", description = "With its deliveries, sent or not.")
	void delete(@PathVariable long id) {
		this.webhooks.delete(id);
	}

	@GetMapping("/{id}/deliveries")
	@Operation(summary = "An endpoint's deliveries",
			description = "Newest first, with the outcome of the last attempt. 'status': pending, delivered or "
					+ "failed (given up); 'page' counts from 0, 'size' is 1 to 200. Delivered and failed deliveries "
					+ "are kept for IM_WEBHOOKS_KEEP_DELIVERIES.")
	PageResponse<WebhookDeliveryInfo> deliveries(@PathVariable long id,
			@Parameter(description = "pending, delivered or failed") @RequestParam(required = false) String status,
			@RequestParam(defaultValue = "0") @PageNumber int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
		return this.webhooks.deliveries(id, status, page, size);
	}

	@PostMapping("/{id}/deliveries/{deliveryId}/resend")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Send a delivery again",
			description = "Now, with the same event id and a new window of retries, whatever its status.")
	WebhookDeliveryInfo resend(@PathVariable long id, @PathVariable long deliveryId) {
		return this.webhooks.resend(id, deliveryId);
	}

	/** An endpoint to register. */
	record NewEndpoint(@NotBlank @Size(max = 2048) @Schema(example = "https://crm.example.com/hooks/im") String url,
			@NotEmpty @Schema(example = "[\"message.created\", \"message.undelivered\"]") Set<WebhookEventType> events,
			@Size(max = 256) @Schema(example = "CRM sync") String description) {

	}

	/** What to change; what is absent stays. */
	record EndpointChange(@Size(min = 1, max = 2048) String url, @Size(min = 1) Set<WebhookEventType> events,
			@Size(max = 256) String description, @Schema(example = "true") Boolean enabled) {

	}

}
