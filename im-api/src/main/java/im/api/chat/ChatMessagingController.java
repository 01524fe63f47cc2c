package im.api.chat;

import im.api.chat.ChatRequests.Edit;
import im.api.chat.ChatRequests.React;
import im.api.chat.ChatRequests.ReadMark;
import im.api.chat.ChatRequests.Recall;
import im.api.chat.ChatRequests.TypingNotice;
import im.api.stomp.ClientError;
import im.api.stomp.ClientError.RequestIds;
import im.api.stomp.StompRequests;
import im.core.account.UserId;
import im.core.conversation.ConversationId;
import im.core.conversation.ConversationService;
import im.core.message.MessageReactions;
import im.core.message.MessageService;
import im.core.message.SendMessage;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.stereotype.Controller;

/**
 * Chat over STOMP. Answers go to the requesting session only: an acknowledgement on
 * {@code /user/queue/acks}, or a {@link ClientError} on {@code /user/queue/errors} naming
 * the {@code clientMsgId} ({@link StompRequests}). The message itself reaches every
 * member's devices on {@code /user/queue/messages} after it is stored.
 */
@Controller
class ChatMessagingController {

	private final MessageService messages;

	private final ConversationService conversations;

	private final MessageReactions reactions;

	private final StompRequests requests;

	ChatMessagingController(MessageService messages, ConversationService conversations, MessageReactions reactions,
			StompRequests requests) {
		this.messages = messages;
		this.reactions = reactions;
		this.conversations = conversations;
		this.requests = requests;
	}

	/**
	 * The acknowledgement (or refusal) comes once the message's writer has stored it with
	 * its batch; meanwhile this thread takes the next frame.
	 */
	@MessageMapping("/chat.send")
	void send(@Payload SendMessage message, UserId sender,
			@Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId) {
		RequestIds ids = new RequestIds(message.clientMsgId(), null);
		this.requests.validate(message, ids);
		this.requests.answerWhenDone(ids, sender, sessionId, "acks",
				this.requests.answer(ids, () -> this.messages.submit(sender, message)));
	}

	@MessageMapping("/chat.read")
	void read(@Payload ReadMark mark, UserId sender) {
		RequestIds ids = RequestIds.request(mark.requestId());
		this.requests.validate(mark, ids);
		this.requests.answer(ids,
				() -> this.conversations.markRead(sender, new ConversationId(mark.conversationId()), mark.seq()));
	}

	/**
	 * The change reaches every member as a {@code message-recalled} event; nothing else
	 * answers.
	 */
	@MessageMapping("/chat.recall")
	void recall(@Payload Recall recall, UserId sender) {
		RequestIds ids = RequestIds.request(recall.requestId());
		this.requests.validate(recall, ids);
		this.requests.run(ids,
				() -> this.messages.recall(sender, new ConversationId(recall.conversationId()), recall.seq()));
	}

	/**
	 * The change reaches every member as a {@code message-edited} event; nothing else
	 * answers.
	 */
	@MessageMapping("/chat.edit")
	void edit(@Payload Edit edit, UserId sender) {
		RequestIds ids = RequestIds.request(edit.requestId());
		this.requests.validate(edit, ids);
		this.requests.run(ids,
				() -> this.messages.edit(sender, new ConversationId(edit.conversationId()), edit.seq(), edit.text()));
	}

	/**
	 * The change reaches every member as a {@code reaction-added} or
	 * {@code reaction-removed} event; nothing else answers, and a change that changes
	 * nothing tells no one.
	 */
	@MessageMapping("/chat.react")
	void react(@Payload React react, UserId sender) {
		RequestIds ids = RequestIds.request(react.requestId());
		this.requests.validate(react, ids);
		ConversationId conversation = new ConversationId(react.conversationId());
		this.requests.run(ids, () -> {
			if (Boolean.TRUE.equals(react.remove())) {
				this.reactions.remove(sender, conversation, react.seq(), react.emoji());
			}
			else {
				this.reactions.add(sender, conversation, react.seq(), react.emoji());
			}
		});
	}

	@MessageMapping("/chat.typing")
	void typing(@Payload TypingNotice notice, UserId sender) {
		this.requests.validate(notice, RequestIds.NONE);
		this.requests.run(RequestIds.NONE,
				() -> this.messages.typing(sender, new ConversationId(notice.conversationId())));
	}

}
