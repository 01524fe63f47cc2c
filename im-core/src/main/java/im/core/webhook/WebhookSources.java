package im.core.webhook;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import im.core.account.AccountRegistered;
import im.core.account.UserId;
import im.core.conversation.ConversationEvent;
import im.core.delivery.SessionAddress;
import im.core.delivery.SessionRegistry;
import im.core.message.ChatMessage;
import im.core.message.MessageEvent;
import im.core.message.MessagePosted;
import im.core.message.MessagesPosted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Turns the core's events into webhook events, in the transaction that made them (before
 * its commit), so that an event is recorded exactly when its change is. Each returns at
 * once when no endpoint wants the type: the chat path pays nothing for webhooks nobody
 * registered.
 */
@Component
class WebhookSources {

	private static final Logger log = LoggerFactory.getLogger(WebhookSources.class);

	private final WebhookOutbox outbox;

	private final SessionRegistry sessions;

	WebhookSources(WebhookOutbox outbox, SessionRegistry sessions) {
		this.outbox = outbox;
		this.sessions = sessions;
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
	void on(MessagesPosted posted) {
		if (this.outbox.wanted(WebhookEventType.MESSAGE_CREATED)) {
			this.outbox.recordAll(WebhookEventType.MESSAGE_CREATED,
					posted.messages().stream().map(MessagePosted::message).toList());
		}
		if (this.outbox.wanted(WebhookEventType.MESSAGE_UNDELIVERED)) {
			this.outbox.recordAll(WebhookEventType.MESSAGE_UNDELIVERED, undelivered(posted.messages()));
		}
	}

	/**
	 * For each message, its recipients other than the sender who had no connection open
	 * anywhere, asked of the session registry once for the whole batch. When the registry
	 * cannot answer (Redis is down) nothing is recorded: the messages are stored either
	 * way, and an event for every recipient would be worse than none.
	 */
	private List<Undelivered> undelivered(List<MessagePosted> messages) {
		Set<UserId> recipients = new LinkedHashSet<>();
		for (MessagePosted posted : messages) {
			for (UserId recipient : posted.recipients()) {
				if (!sentBy(posted.message(), recipient)) {
					recipients.add(recipient);
				}
			}
		}
		if (recipients.isEmpty()) {
			return List.of();
		}
		Map<UserId, Set<SessionAddress>> online;
		try {
			online = this.sessions.sessionsOf(recipients);
		}
		catch (RuntimeException ex) {
			log.warn("No message.undelivered events for {} messages: the session registry did not answer: {}",
					messages.size(), ex.toString());
			return List.of();
		}
		List<Undelivered> undelivered = new ArrayList<>();
		for (MessagePosted posted : messages) {
			for (UserId recipient : posted.recipients()) {
				if (!sentBy(posted.message(), recipient) && !online.containsKey(recipient)) {
					undelivered.add(new Undelivered(recipient.value(), posted.message()));
				}
			}
		}
		return undelivered;
	}

	private static boolean sentBy(ChatMessage message, UserId user) {
		return Objects.equals(message.senderId(), user.value());
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
	void on(MessageEvent event) {
		switch (event) {
			case MessageEvent.MessageEdited edited -> this.outbox.record(WebhookEventType.MESSAGE_EDITED, edited);
			case MessageEvent.MessageRecalled recalled ->
				this.outbox.record(WebhookEventType.MESSAGE_RECALLED, recalled);
			case MessageEvent.Typing typing -> {
				// ephemeral: never an integration event
			}
			case MessageEvent.ReactionAdded added -> {
				// reactions and pins are not integration events (yet): none is asked for
			}
			case MessageEvent.ReactionRemoved removed -> {
			}
			case MessageEvent.MessagePinned pinned -> {
			}
			case MessageEvent.MessageUnpinned unpinned -> {
			}
		}
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
	void on(ConversationEvent event) {
		switch (event) {
			case ConversationEvent.GroupCreated created ->
				this.outbox.record(WebhookEventType.CONVERSATION_MEMBER_ADDED,
						new MembersAdded(created.conversationId(), created.by(), created.memberIds()));
			case ConversationEvent.MembersAdded added -> this.outbox.record(WebhookEventType.CONVERSATION_MEMBER_ADDED,
					new MembersAdded(added.conversationId(), added.by(), added.userIds()));
			case ConversationEvent.MemberRemoved removed ->
				this.outbox.record(WebhookEventType.CONVERSATION_MEMBER_REMOVED,
						new MemberRemoved(removed.conversationId(), removed.by(), removed.userId()));
			default -> {
				// read marks and group details are not integration events (yet)
			}
		}
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
	void on(AccountRegistered registered) {
		this.outbox.record(WebhookEventType.USER_REGISTERED,
				new UserRegistered(registered.userId().value(), registered.username()));
	}

	/** {@code message.undelivered}: the message, and the member who had no connection. */
	record Undelivered(long userId, ChatMessage message) {

	}

	/** {@code conversation.member-added}: who joined, and who added them. */
	record MembersAdded(long conversationId, long by, List<Long> userIds) {

	}

	/**
	 * {@code conversation.member-removed}: {@code by} equals {@code userId} when they
	 * left.
	 */
	record MemberRemoved(long conversationId, long by, long userId) {

	}

	/** {@code user.registered}. */
	record UserRegistered(long userId, String username) {

	}

}
