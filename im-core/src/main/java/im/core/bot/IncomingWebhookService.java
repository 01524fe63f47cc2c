package im.core.bot;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import im.core.account.BotAccounts;
import im.core.account.BotAccount;
import im.core.account.UserId;
import im.core.apikey.ApiKeyHashes;
import im.core.conversation.ConversationId;
import im.core.conversation.ConversationMembers;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.error.InvalidField;
import im.core.message.MessageKind;
import im.core.message.MessageService;
import im.core.message.SendMessage;
import im.core.message.SendReceipt;
import im.core.ratelimit.WindowCounters;
import im.core.ratelimit.WindowCounters.Window;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Incoming webhooks, Slack's kind: a URL whose secret token lets a program post text into
 * one conversation as a bot, without an API key. Administrators create and revoke them;
 * each posts at most {@code IM_INCOMING_WEBHOOK_MAX_PER_MINUTE} messages a minute.
 */
@Service
public class IncomingWebhookService {

	static final String PATH = "/api/v1/hooks/";

	private static final String TOKEN_PREFIX = "imh_";

	private static final int SHOWN_PREFIX = 12;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final IncomingWebhookRepository hooks;

	private final BotAccounts bots;

	private final ConversationMembers members;

	private final MessageService messages;

	private final WindowCounters counters;

	private final BotSettings settings;

	private final Clock clock;

	IncomingWebhookService(IncomingWebhookRepository hooks, BotAccounts bots, ConversationMembers members,
			MessageService messages, WindowCounters counters, BotSettings settings, Clock clock) {
		this.hooks = hooks;
		this.bots = bots;
		this.members = members;
		this.messages = messages;
		this.counters = counters;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Creates a hook posting as the bot into the conversation, which the bot must be a
	 * member of (its members add it, as they add anyone).
	 */
	@Transactional
	public CreatedIncomingWebhook create(UserId admin, String name, UserId botId, long conversationId) {
		if (name == null || name.isBlank() || name.strip().length() > 64) {
			throw new InvalidField("name", "name must be 1 to 64 characters.");
		}
		BotAccount bot = this.bots.find(botId);
		if (!this.members.isMember(new ConversationId(conversationId), botId)) {
			throw new InvalidField("conversationId", "The bot '" + bot.profile().username()
					+ "' is not a member of conversation " + conversationId + "; add it to the conversation first.");
		}
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		IncomingWebhook hook = this.hooks.save(new IncomingWebhook(name.strip(), token.substring(0, SHOWN_PREFIX),
				ApiKeyHashes.of(token), botId.value(), conversationId, admin.value(), this.clock.instant()));
		return new CreatedIncomingWebhook(hook.toInfo(), PATH + token);
	}

	@Transactional(readOnly = true)
	public List<IncomingWebhookInfo> list() {
		return this.hooks.findAllByOrderByIdDesc().stream().map(IncomingWebhook::toInfo).toList();
	}

	/** Revokes the hook: its next post answers 404. Revoking twice changes nothing. */
	@Transactional
	public IncomingWebhookInfo revoke(long id) {
		IncomingWebhook hook = this.hooks.findById(id)
			.orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "There is no incoming webhook " + id + "."));
		hook.revoke(this.clock.instant());
		return hook.toInfo();
	}

	/**
	 * Posts the text as the hook's bot: stored, acknowledged and delivered as any
	 * message, once per {@code clientMsgId} (a new one per post when none is given).
	 * @throws DomainException {@code not-found} for an unknown or revoked token (which of
	 * the two is not told), {@code too-many-requests} past the hook's rate
	 */
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	public SendReceipt post(String token, String text, String clientMsgId) {
		IncomingWebhook hook = this.hooks.findByTokenHash(ApiKeyHashes.of(token))
			.filter((found) -> !found.revoked())
			.orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND,
					"There is no incoming webhook with this token (unknown or revoked)."));
		Window window = this.counters.increment("incoming-webhook:" + hook.id(), Duration.ofMinutes(1));
		if (window.count() > this.settings.incomingWebhookMaxPerMinute()) {
			throw new DomainException(ErrorCode.TOO_MANY_REQUESTS,
					"This webhook may post " + this.settings.incomingWebhookMaxPerMinute() + " messages a minute.",
					Duration.between(this.clock.instant(), window.endsAt()));
		}
		if (this.bots.find(new UserId(hook.botId())).banned()) {
			throw new DomainException(ErrorCode.ACCOUNT_BANNED, "The bot this webhook posts as is banned.");
		}
		SendReceipt receipt = this.messages.sendAsBot(new UserId(hook.botId()), new SendMessage(hook.conversationId(),
				(clientMsgId != null) ? clientMsgId : "hook-" + UUID.randomUUID(), MessageKind.TEXT, text, null, null));
		this.hooks.recordUse(hook.id(), this.clock.instant());
		return receipt;
	}

}
