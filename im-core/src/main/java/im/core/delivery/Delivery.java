package im.core.delivery;

import java.util.List;

import im.core.account.UserId;

/**
 * Something to hand to every online device of some users: the payload goes to each
 * recipient's user queue {@code /user/queue/<queue>}.
 */
public record Delivery(List<UserId> recipients, String queue, Object payload) {

	public Delivery {
		recipients = List.copyOf(recipients);
	}

}
