package im.core.delivery;

import java.util.Collection;
import java.util.List;
import java.util.Map;
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
	 * Removes a session of this instance.
	 * @return whether it was the user's last session anywhere; false also when that
	 * cannot be known now ({@link #maintain()} reports it later)
	 */
	boolean remove(UserId user, String sessionId);

	/** Whether the user has any session anywhere. */
	boolean isOnline(UserId user);

	/**
	 * Whether the registry holds every instance's sessions, as far as this instance
	 * knows: not for a while after it found them lost (Redis came back empty), when the
	 * other instances may not have registered theirs again yet. Deliveries go to every
	 * instance meanwhile.
	 */
	boolean complete();

	/** For each of the users who has sessions, the instances holding them. */
	Map<UserId, Set<String>> instancesHolding(Collection<UserId> users);

	/**
	 * For each of the users who has sessions, those sessions, on every instance: what a
	 * feature that remembers sessions (a call's participants) checks to forget those that
	 * closed without telling it (their instance died).
	 */
	Map<UserId, Set<SessionAddress>> sessionsOf(Collection<UserId> users);

	/** How many sessions are open on every instance, as far as the registry knows. */
	long sessionCount();

	/** Users online and connections per instance, for administrators. */
	ConnectionCounts connectionCounts();

	/**
	 * Keeps this instance's sessions registered and forgets those of instances that
	 * stopped doing so (they died); called every second.
	 */
	PresenceChanges maintain();

}
