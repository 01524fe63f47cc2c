package im.core.message;

import im.core.conversation.ConversationEvent;
import im.core.conversation.ConversationId;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records membership changes in the conversation's history as system messages, in the
 * same transaction as the change. The body is the event as JSON, for clients to render in
 * their language.
 */
@Component
class SystemMessages {

	private final MessageService messages;

	private final JsonMapper json;

	SystemMessages(MessageService messages, JsonMapper json) {
		this.messages = messages;
		this.json = json;
	}

	@EventListener
	void on(ConversationEvent event) {
		if (event instanceof ConversationEvent.ReadMarkMoved) {
			return;
		}
		this.messages.postSystemMessage(new ConversationId(event.conversationId()),
				this.json.writeValueAsString(event));
	}

}
