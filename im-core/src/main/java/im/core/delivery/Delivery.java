package im.core.delivery;

import java.util.List;

import im.core.account.UserId;

/**
 * Something to hand to every online device of some users: the payload goes to each
 * recipient's user queue {@code /user/queue/<queue>}.
 *
 * @param key deliveries with the same key reach each device in the order they were
 * published (in a cluster, the Kafka record key)
 */
public record Delivery(String key, List<UserId> recipients, String queue, Object payload) {

	public Delivery {
		recipients = List.copyOf(recipients);
	}

	/** A delivery about a conversation: ordered with everything else about it. */
	public static Delivery aboutConversation(long conversationId, List<UserId> recipients, String queue,
			Object payload) {
		return new Delivery("c" + conversationId, recipients, queue, payload);
	}

	/**
	 * A delivery about a user (their presence): ordered with everything else about them.
	 */
	public static Delivery aboutUser(UserId user, List<UserId> recipients, String queue, Object payload) {
		return new Delivery("u" + user, recipients, queue, payload);
	}

}
