package im.core.bot;

import java.time.Instant;

/**
 * An incoming webhook as administrators see it: never its token.
 *
 * @param prefix the token's first characters, to tell hooks apart
 * @param botId the bot it posts as
 * @param conversationId the conversation it posts into
 * @param revokedAt null while it works
 */
public record IncomingWebhookInfo(long id, String name, String prefix, long botId, long conversationId, long createdBy,
		Instant createdAt, Instant lastUsedAt, Instant revokedAt) {

}
