package im.core.delivery;

import im.core.account.UserId;

/**
 * The last hop, implemented by the STOMP adapter: push to the sessions this instance
 * holds.
 */
public interface ClientPush {

	void push(UserId user, String queue, Object payload);

}
