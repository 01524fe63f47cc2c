package im.core.bot;

import java.util.List;

import im.core.account.BotAccounts;
import im.core.account.BotAccount;
import im.core.account.UserId;
import im.core.apikey.ApiKeyService;
import im.core.apikey.CreatedApiKey;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What administrators do with bots: create one with its key, list them, and give one a
 * new key (revoking the old). Banning a bot's account (the users' admin API) stops its
 * key within seconds; a bot joins conversations as users do, added by their members.
 */
@Service
@Transactional
public class BotService {

	private final BotAccounts accounts;

	private final ApiKeyService keys;

	BotService(BotAccounts accounts, ApiKeyService keys) {
		this.accounts = accounts;
		this.keys = keys;
	}

	public CreatedBot create(UserId admin, NewBot bot) {
		UserId owner = (bot.ownerId() != null) ? new UserId(bot.ownerId()) : admin;
		BotAccount account = this.accounts.create(owner, bot.username(), bot.displayName(), bot.avatarLetter());
		CreatedApiKey key = this.keys.createForBot(admin, account.profile().id(), account.profile().username());
		return new CreatedBot(info(account), key.key());
	}

	@Transactional(readOnly = true)
	public List<BotInfo> list() {
		return this.accounts.list().stream().map(this::info).toList();
	}

	/** A new key for the bot; its earlier keys stop working. */
	public CreatedBot newKey(UserId admin, UserId botId) {
		BotAccount bot = this.accounts.find(botId);
		CreatedApiKey key = this.keys.createForBot(admin, botId, bot.profile().username());
		return new CreatedBot(info(bot), key.key());
	}

	private BotInfo info(BotAccount bot) {
		return BotInfo.of(bot, this.keys.botKeys(bot.profile().id()));
	}

}
