package im.core.bot;

/**
 * A bot and its new key, shown only here.
 *
 * @param key sent as {@code X-Api-Key} by the bot's program
 */
public record CreatedBot(BotInfo bot, String key) {

}
