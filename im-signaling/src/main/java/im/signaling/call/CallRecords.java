package im.signaling.call;

import im.core.conversation.ConversationId;
import im.core.message.MessageService;
import im.core.webhook.WebhookEventType;
import im.core.webhook.WebhookOutbox;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * What stays of a call once it ended, in the transaction that ended it: a system message
 * in its conversation's history, and a {@code call.ended} webhook event.
 */
@Component
class CallRecords {

	private final MessageService messages;

	private final WebhookOutbox webhooks;

	private final JsonMapper json;

	CallRecords(MessageService messages, WebhookOutbox webhooks, JsonMapper json) {
		this.messages = messages;
		this.webhooks = webhooks;
		this.json = json;
	}

	void ended(CallEvent.Ended ended) {
		this.messages.postSystemMessage(new ConversationId(ended.conversationId()),
				this.json.writeValueAsString(ended));
		this.webhooks.record(WebhookEventType.CALL_ENDED, ended);
	}

}
