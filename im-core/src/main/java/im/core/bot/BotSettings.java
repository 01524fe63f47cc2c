package im.core.bot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of bots' incoming webhooks.
 *
 * @param incomingWebhookMaxPerMinute messages one incoming webhook may post per minute,
 * over all instances ({@code IM_INCOMING_WEBHOOK_MAX_PER_MINUTE}); beyond it 429 with
 * {@code Retry-After}
 */
@ConfigurationProperties("im.bots")
public record BotSettings(@DefaultValue("60") int incomingWebhookMaxPerMinute) {

}
