package im.core.bot;

/**
 * A new incoming webhook and its token, shown only here.
 *
 * @param path where to POST: {@code /api/v1/hooks/<token>}
 */
public record CreatedIncomingWebhook(IncomingWebhookInfo webhook, String path) {

}
