package im.core.presence;

import java.util.List;

import im.core.account.UserId;

/** Which connections (sessions) each user has open, oldest first. */
public interface SessionRegistry {

	/**
	 * Adds a session and returns all of the user's sessions, oldest first, the new one
	 * included.
	 */
	List<String> add(UserId user, String sessionId);

	/** Removes a session and returns how many the user still has. */
	int remove(UserId user, String sessionId);

	/** Whether the user has any session. */
	boolean isOnline(UserId user);

}
