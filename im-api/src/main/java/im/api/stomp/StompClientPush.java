package im.api.stomp;

import im.core.account.UserId;
import im.core.delivery.ClientPush;

import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;

/**
 * Pushes to the STOMP sessions of a user that this instance holds: every session
 * subscribed to {@code /user/queue/<queue>} under the user's id (the principal name of a
 * connection).
 */
@Component
class StompClientPush implements ClientPush {

	private final SimpMessagingTemplate template;

	StompClientPush(SimpMessagingTemplate template) {
		this.template = template;
	}

	@Override
	public void push(UserId user, String queue, Object payload) {
		this.template.convertAndSendToUser(user.toString(), "/queue/" + queue, payload);
	}

}
