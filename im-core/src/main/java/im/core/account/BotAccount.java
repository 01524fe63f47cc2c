package im.core.account;

/**
 * A bot's account.
 *
 * @param ownerId the user answerable for the bot
 * @param banned a banned bot's key is refused
 */
public record BotAccount(UserProfile profile, long ownerId, boolean banned) {

}
