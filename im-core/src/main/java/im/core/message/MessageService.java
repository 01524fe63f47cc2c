package im.core.message;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;

import im.core.account.AccountService;
import im.core.account.UserId;
import im.core.conversation.ChatSettings;
import im.core.conversation.ConversationId;
import im.core.conversation.ConversationMembers;
import im.core.conversation.ConversationService;
import im.core.conversation.MemberRole;
import im.core.conversation.Posting;
import im.core.conversation.PostingLocks;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.error.InvalidField;
import im.core.media.MediaInfo;
import im.core.media.MediaKind;
import im.core.media.MediaService;
import im.core.message.MessageEvent.MessageEdited;
import im.core.message.MessageEvent.MessageRecalled;
import im.core.message.MessageEvent.Typing;
import im.core.ratelimit.WindowCounters;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sending and reading messages. A send is stored in one transaction (with the other sends
 * of its batch, {@link SendBatches}): lock the conversation, take the next {@code seq},
 * store, the unique key on (sender, clientMsgId) keeping a retry from being stored twice.
 * Only after commit does the message go out, so nothing is pushed that history would not
 * show.
 */
@Service
public class MessageService {

	private static final Pattern URL = Pattern.compile("https?://\\S+");

	private final MessageRepository messages;

	private final MediaService media;

	private final ConversationService conversations;

	private final ConversationMembers members;

	private final PostingLocks locks;

	private final WindowCounters counters;

	private final ChatSettings settings;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final SendBatches batches;

	private final MessageViews views;

	private final AccountService accounts;

	private final MessageReactions reactions;

	private final PinnedMessages pins;

	MessageService(MessageRepository messages, MediaService media, ConversationService conversations,
			ConversationMembers members, PostingLocks locks, WindowCounters counters, ChatSettings settings,
			ApplicationEventPublisher events, Clock clock, SendBatches batches, MessageViews views,
			MessageReactions reactions, PinnedMessages pins, AccountService accounts) {
		this.messages = messages;
		this.media = media;
		this.conversations = conversations;
		this.members = members;
		this.locks = locks;
		this.counters = counters;
		this.settings = settings;
		this.events = events;
		this.clock = clock;
		this.batches = batches;
		this.views = views;
		this.reactions = reactions;
		this.pins = pins;
		this.accounts = accounts;
	}

	/**
	 * Stores a message once and acknowledges it; a retry of the same {@code clientMsgId}
	 * gets the first acknowledgement again, marked as a duplicate. What can be checked
	 * without the conversation (the text, the media, the sender's rate) is checked here,
	 * refusing at once; the rest is checked and the message stored by its conversation's
	 * writer ({@link SendBatches}), which completes the answer.
	 */
	public CompletableFuture<SendReceipt> submit(UserId sender, SendMessage command) {
		return submit(sender, false, command);
	}

	private CompletableFuture<SendReceipt> submit(UserId sender, boolean bot, SendMessage command) {
		String text = validText(command.type(), command.text());
		MediaInfo media = validMedia(sender, command);
		throttle(sender);
		return this.batches.submit(sender, bot, command, text, media, mentionsIn(text));
	}

	/**
	 * Who the text names, by their ids (the writer keeps those who are members): one
	 * look-up, only for a text with an {@code @}.
	 */
	private Mentions mentionsIn(String text) {
		Mentions.Named named = Mentions.named(text);
		if (named.usernames().isEmpty()) {
			return named.all() ? new Mentions(List.of(), true) : Mentions.NONE;
		}
		return new Mentions(this.accounts.idsOf(named.usernames()).stream().map(UserId::value).toList(), named.all());
	}

	/** {@link #submit}, waiting for the answer: for callers that answer synchronously. */
	public SendReceipt send(UserId sender, SendMessage command) {
		return await(submit(sender, false, command));
	}

	/**
	 * {@link #send} for a bot (a caller with a bot's API key): the message is marked as a
	 * bot's ({@code "bot": true}) for everyone who sees it.
	 */
	public SendReceipt sendAsBot(UserId bot, SendMessage command) {
		return await(submit(bot, true, command));
	}

	private static SendReceipt await(CompletableFuture<SendReceipt> receipt) {
		try {
			return receipt.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	/**
	 * Writes a message by the server itself into the conversation, inside the caller's
	 * transaction: a membership change, or the record of a call. The body is JSON with a
	 * {@code type}, for clients to render in their language.
	 */
	@Transactional
	public void postSystemMessage(ConversationId conversationId, String body) {
		Posting posting = this.locks.lockForSystemMessage(conversationId);
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		long seq = posting.assignSeq(MessageKind.SYSTEM.name(), body, now);
		Message message = this.messages
			.save(new Message(conversationId.value(), seq, null, null, MessageKind.SYSTEM, body, null, now, null));
		this.events
			.publishEvent(MessagesPosted.one(message.toChatMessage(null, List.of(), List.of()), posting.members()));
	}

	/** How many messages were stored since the time given, on every instance. */
	@Transactional(readOnly = true)
	public long countSince(Instant since) {
		return this.messages.countByCreatedAtGreaterThanEqual(since);
	}

	/**
	 * Messages by id, as history shows them, in the order asked for; those that are gone
	 * are left out. For callers that checked who may read them (search).
	 */
	@Transactional(readOnly = true)
	public List<ChatMessage> byIds(List<Long> ids) {
		Map<Long, List<Message>> byConversation = new LinkedHashMap<>();
		for (Message message : this.messages.findAllById(ids)) {
			byConversation.computeIfAbsent(message.conversationId(), (key) -> new ArrayList<>()).add(message);
		}
		Map<Long, ChatMessage> views = new HashMap<>();
		for (List<Message> page : byConversation.values()) {
			for (ChatMessage view : this.views.views(page)) {
				views.put(view.id(), view);
			}
		}
		return ids.stream().map(views::get).filter(Objects::nonNull).toList();
	}

	/**
	 * A contiguous part of the history, ascending by {@code seq}: after {@code afterSeq}
	 * (oldest first), before {@code beforeSeq} (newest first, then put in order), both
	 * (the range between), or neither (the latest). {@code hasMore} says the range holds
	 * more than {@code limit} messages.
	 */
	@Transactional(readOnly = true)
	public MessagePage history(UserId reader, ConversationId conversationId, Long afterSeq, Long beforeSeq, int limit) {
		if (limit < 1 || limit > this.settings.historyPageMax()) {
			throw new InvalidField("limit", "limit must be between 1 and " + this.settings.historyPageMax() + ".");
		}
		long lastSeq = this.conversations.conversation(reader, conversationId).lastSeq();
		long after = (afterSeq != null) ? afterSeq : 0;
		long before = (beforeSeq != null) ? beforeSeq : Long.MAX_VALUE;
		PageRequest oneMore = PageRequest.of(0, limit + 1);
		List<Message> found = (afterSeq != null)
				? this.messages.ascending(conversationId.value(), after, before, oneMore)
				: new ArrayList<>(this.messages.descending(conversationId.value(), after, before, oneMore));
		boolean hasMore = found.size() > limit;
		List<Message> page = new ArrayList<>(found.subList(0, Math.min(limit, found.size())));
		if (afterSeq == null) {
			Collections.reverse(page);
		}
		return new MessagePage(this.views.views(page), hasMore, lastSeq);
	}

	/**
	 * Recalls a message: its sender may within the recall window, a group's owner and
	 * admins may at any time. The message keeps its {@code seq}; its text, media,
	 * reactions and pin are removed. Recalling twice is harmless.
	 */
	@Transactional
	public ChatMessage recall(UserId actor, ConversationId conversationId, long seq) {
		MemberRole role = this.members.roleToChange(conversationId, actor);
		Message message = find(conversationId, seq);
		if (message.isRecalled()) {
			return this.views.view(message);
		}
		if (message.kind() == MessageKind.SYSTEM) {
			throw new DomainException(ErrorCode.FORBIDDEN, "System messages cannot be recalled.");
		}
		boolean moderator = role == MemberRole.OWNER || role == MemberRole.ADMIN;
		if (!moderator) {
			requireSender(message, actor, "recall");
			requireWithin(message, this.settings.recallWindow(), "recalled");
		}
		Instant now = this.clock.instant();
		message.recall(actor.value(), now);
		this.reactions.forget(conversationId, seq);
		this.pins.forget(conversationId, seq);
		this.conversations.messageChanged(conversationId, seq, message.kind().name(), null);
		this.events.publishEvent(new MessageRecalled(conversationId.value(), seq, message.id(), actor.value(),
				this.members.memberIdsFor(actor, conversationId)));
		return this.views.view(message);
	}

	/**
	 * Replaces the text of the sender's own text or link message, within the edit window.
	 */
	@Transactional
	public ChatMessage edit(UserId actor, ConversationId conversationId, long seq, String newText) {
		this.members.roleToPost(conversationId, actor);
		Message message = find(conversationId, seq);
		requireSender(message, actor, "edit");
		if (message.isRecalled()) {
			throw new DomainException(ErrorCode.FORBIDDEN, "A recalled message cannot be edited.");
		}
		requireWithin(message, this.settings.editWindow(), "edited");
		if (message.kind() != MessageKind.TEXT && message.kind() != MessageKind.LINK) {
			throw new DomainException(ErrorCode.VALIDATION_FAILED, "Only text and link messages can be edited.");
		}
		String text = validText(message.kind(), newText);
		Instant now = this.clock.instant();
		message.edit(text, now);
		this.conversations.messageChanged(conversationId, seq, message.kind().name(), text);
		this.events.publishEvent(new MessageEdited(conversationId.value(), seq, message.id(), text, now,
				this.members.memberIdsFor(actor, conversationId)));
		return this.views.view(message);
	}

	/**
	 * The bytes of an upload, for the uploader and for members of a conversation where a
	 * message that still stands carries it.
	 */
	@Transactional(readOnly = true)
	public MediaContent openMedia(UserId reader, String mediaId, boolean thumbnail) {
		MediaInfo info = this.media.find(mediaId);
		boolean visible = info.ownerId() == reader.value() || this.messages.conversationsShowing(mediaId)
			.stream()
			.anyMatch((conversation) -> this.members.isMember(new ConversationId(conversation), reader));
		if (!visible) {
			// the same answer as for an unknown id: do not confirm that it exists
			throw new DomainException(ErrorCode.NOT_FOUND, "No media with id " + mediaId + ".");
		}
		return new MediaContent(info, this.media.open(info, thumbnail));
	}

	/**
	 * Tells the other members that {@code user} is typing. Ephemeral: nothing is stored,
	 * and indicators beyond one per typing interval are dropped silently.
	 */
	public void typing(UserId user, ConversationId conversationId) {
		List<UserId> members = this.members.memberIdsFor(user, conversationId);
		String key = "typing:" + user + ":" + conversationId;
		if (this.counters.increment(key, this.settings.typingInterval()).count() > 1) {
			return;
		}
		List<UserId> others = members.stream().filter((member) -> !member.equals(user)).toList();
		this.events.publishEvent(new Typing(conversationId.value(), user.value(), others));
	}

	private Message find(ConversationId conversationId, long seq) {
		return this.messages.findByConversationIdAndSeq(conversationId.value(), seq)
			.orElseThrow(() -> MessageRepository.noSuchMessage(conversationId, seq));
	}

	private static void requireSender(Message message, UserId actor, String action) {
		if (message.senderId() == null || message.senderId() != actor.value()) {
			throw new DomainException(ErrorCode.FORBIDDEN, "Only the sender may " + action + " this message.");
		}
	}

	private void requireWithin(Message message, Duration window, String action) {
		ChangeWindow.require(this.clock.instant(), message.createdAt(), window, action);
	}

	private MediaInfo validMedia(UserId sender, SendMessage command) {
		MediaKind expected = command.type().mediaKind();
		if (expected == null) {
			if (command.mediaId() != null) {
				throw new InvalidField("mediaId", "mediaId belongs to image, voice, video and file messages only.");
			}
			return null;
		}
		if (command.mediaId() == null || command.mediaId().isBlank()) {
			throw new InvalidField("mediaId",
					"A " + command.type().name().toLowerCase(Locale.ROOT) + " message needs the mediaId of an upload.");
		}
		MediaInfo media = this.media.find(command.mediaId());
		if (media.ownerId() != sender.value()) {
			throw new DomainException(ErrorCode.FORBIDDEN, "Media " + command.mediaId() + " is not your upload.");
		}
		if (media.kind() != expected) {
			throw new InvalidField("mediaId",
					"Media " + command.mediaId() + " was uploaded as " + media.kind() + ", not " + expected + ".");
		}
		return media;
	}

	private String validText(MessageKind kind, String rawText) {
		String text = (rawText != null && !rawText.isBlank()) ? rawText.strip() : null;
		if (kind == MessageKind.SYSTEM) {
			throw new InvalidField("type", "type SYSTEM is written by the server only.");
		}
		if (kind.mediaKind() != null) {
			// a caption, optional
			if (text != null && text.length() > this.settings.maxTextLength()) {
				throw new InvalidField("text", "text is " + text.length() + " characters; the limit is "
						+ this.settings.maxTextLength() + ".");
			}
			return text;
		}
		if (text == null) {
			throw new InvalidField("text",
					"text must not be empty for a " + kind.name().toLowerCase(Locale.ROOT) + " message.");
		}
		if (text.length() > this.settings.maxTextLength()) {
			throw new InvalidField("text",
					"text is " + text.length() + " characters; the limit is " + this.settings.maxTextLength() + ".");
		}
		if (kind == MessageKind.LINK && !URL.matcher(text).find()) {
			throw new InvalidField("text", "A link message must contain an http(s) URL.");
		}
		return text;
	}

	private void throttle(UserId sender) {
		WindowCounters.Window window = this.counters.increment("send:" + sender, this.settings.sendRateWindow());
		if (window.count() > this.settings.maxMessagesPerSecond()) {
			throw new DomainException(ErrorCode.TOO_MANY_REQUESTS,
					"More than " + this.settings.maxMessagesPerSecond() + " messages per second; slow down.",
					Duration.between(this.clock.instant(), window.endsAt()));
		}
	}

}
