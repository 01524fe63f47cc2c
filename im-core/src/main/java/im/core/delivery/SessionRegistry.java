package im.core.delivery;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import im.core.account.UserId;

/**
 * Which connections (sessions) each user has open, on which instance, oldest first.
 * Presence asks it who is online; a cluster bus asks it which instances to deliver to.
 */
public interface SessionRegistry {

	/** The instance this process is. */
	String localInstance();

	/**
	 * Adds a session of this instance and returns all of the user's sessions, on every
	 * instance, oldest first, the new one included.
	 */
	List<SessionAddress> add(UserId user, String sessionId);

	/**
	 * Removes a session of this instance and returns how many the user still has
	 * anywhere.
	 */
	int remove(UserId user, String sessionId);

	/** Whether the user has any session anywhere. */
	boolean isOnline(UserId user);

	/** The instances holding a session of any of the users. */
	Set<String> instancesHolding(Collection<UserId> users);

	/**
	 * Keeps this instance's sessions alive and forgets those of instances that stopped
	 * doing so (they died); called every second.
	 * @return the users who, with those sessions gone, have none left
	 */
	List<UserId> maintain();

}
