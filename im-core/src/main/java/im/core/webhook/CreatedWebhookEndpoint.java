package im.core.webhook;

/**
 * A new endpoint and its signing secret, which is shown only here.
 *
 * @param secret {@code whsec_} and the key in base64: the receiver checks each delivery's
 * {@code webhook-signature} with it
 */
public record CreatedWebhookEndpoint(WebhookEndpointInfo endpoint, String secret) {

}
