package im.core.bot;

import java.time.Instant;
import java.util.List;

import im.core.account.BotAccount;
import im.core.apikey.ApiKeyInfo;

/**
 * A bot as administrators see it.
 *
 * @param ownerId the user answerable for it
 * @param banned a banned bot's key is refused
 * @param keys its keys that work (one, unless none was made since the last was revoked);
 * never the keys themselves
 */
public record BotInfo(long id, String username, String displayName, String avatarLetter, long ownerId, boolean banned,
		Instant createdAt, List<ApiKeyInfo> keys) {

	static BotInfo of(BotAccount bot, List<ApiKeyInfo> keys) {
		return new BotInfo(bot.profile().id().value(), bot.profile().username(), bot.profile().displayName(),
				bot.profile().avatarLetter(), bot.ownerId(), bot.banned(), bot.profile().createdAt(), keys);
	}

}
