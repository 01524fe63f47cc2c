package im.core.message;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import im.core.account.UserId;
import im.core.conversation.ChatSettings;
import im.core.conversation.ConversationId;
import im.core.conversation.ConversationService;
import im.core.conversation.Posting;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.ratelimit.WindowCounters;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sending and reading messages. A send is one transaction: lock the conversation,
 * deduplicate on (sender, clientMsgId), take the next {@code seq}, store. Only after
 * commit does the message go out, so nothing is pushed that history would not show.
 */
@Service
public class MessageService {

	private static final Pattern URL = Pattern.compile("https?://\\S+");

	private final MessageRepository messages;

	private final ConversationService conversations;

	private final WindowCounters counters;

	private final ChatSettings settings;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	MessageService(MessageRepository messages, ConversationService conversations, WindowCounters counters,
			ChatSettings settings, ApplicationEventPublisher events, Clock clock) {
		this.messages = messages;
		this.conversations = conversations;
		this.counters = counters;
		this.settings = settings;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Stores a message once and acknowledges it; a retry of the same {@code clientMsgId}
	 * gets the first acknowledgement again, marked as a duplicate.
	 */
	@Transactional
	public SendReceipt send(UserId sender, SendMessage command) {
		String text = validate(command);
		throttle(sender);
		ConversationId conversationId = new ConversationId(command.conversationId());
		Posting posting = this.conversations.lockForPosting(conversationId, sender);
		// under the conversation's lock, so a concurrent retry cannot slip past this
		// check
		Optional<Message> earlier = this.messages.findBySenderIdAndClientMsgId(sender.value(), command.clientMsgId());
		if (earlier.isPresent()) {
			if (earlier.get().conversationId() != conversationId.value()) {
				throw new DomainException(ErrorCode.CLIENT_MSG_ID_CONFLICT, "clientMsgId '" + command.clientMsgId()
						+ "' was already used for a message in another conversation; choose a new one.");
			}
			return earlier.get().receipt(true);
		}
		if (command.replyToSeq() != null && command.replyToSeq() > posting.lastSeq()) {
			throw new DomainException(ErrorCode.VALIDATION_FAILED,
					"replyToSeq " + command.replyToSeq() + " is not a message of this conversation.");
		}
		Instant now = this.clock.instant();
		long seq = posting.assignSeq(command.type().name(), text, now);
		Message message = this.messages.save(new Message(conversationId.value(), seq, sender.value(),
				command.clientMsgId(), command.type(), text, command.replyToSeq(), now));
		this.events.publishEvent(new MessagePosted(message.toChatMessage(), posting.members()));
		return message.receipt(false);
	}

	/**
	 * Writes a message by the server itself into the conversation, inside the caller's
	 * transaction.
	 */
	@Transactional
	void postSystemMessage(ConversationId conversationId, String body) {
		Posting posting = this.conversations.lockForPosting(conversationId, null);
		Instant now = this.clock.instant();
		long seq = posting.assignSeq(MessageKind.SYSTEM.name(), body, now);
		Message message = this.messages
			.save(new Message(conversationId.value(), seq, null, null, MessageKind.SYSTEM, body, null, now));
		this.events.publishEvent(new MessagePosted(message.toChatMessage(), posting.members()));
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
			throw new DomainException(ErrorCode.VALIDATION_FAILED,
					"limit must be between 1 and " + this.settings.historyPageMax() + ".");
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
		return new MessagePage(page.stream().map(Message::toChatMessage).toList(), hasMore, lastSeq);
	}

	private String validate(SendMessage command) {
		String text = (command.text() != null) ? command.text().strip() : null;
		if (command.type() == MessageKind.SYSTEM) {
			throw new DomainException(ErrorCode.VALIDATION_FAILED, "type SYSTEM is written by the server only.");
		}
		if (text == null || text.isEmpty()) {
			throw new DomainException(ErrorCode.VALIDATION_FAILED,
					"text must not be empty for a " + command.type().name().toLowerCase(Locale.ROOT) + " message.");
		}
		if (text.length() > this.settings.maxTextLength()) {
			throw new DomainException(ErrorCode.VALIDATION_FAILED,
					"text is " + text.length() + " characters; the limit is " + this.settings.maxTextLength() + ".");
		}
		if (command.type() == MessageKind.LINK && !URL.matcher(text).find()) {
			throw new DomainException(ErrorCode.VALIDATION_FAILED, "A link message must contain an http(s) URL.");
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
