package im.admin.user;

import java.time.Instant;
import java.util.List;

import im.core.account.AccountStanding;
import im.core.account.Role;
import im.core.delivery.SessionAddress;

/**
 * A user as administrators see them.
 *
 * @param id the user id
 * @param username the sign-in name
 * @param displayName the name others see
 * @param role USER or ADMIN
 * @param createdAt when the account was created
 * @param lastSeenAt when they were last connected, or null if never
 * @param online whether any of their connections is open
 * @param bannedAt when they were banned, or null
 * @param banReason why they were banned
 * @param mutedUntil until when they may not post, or null
 * @param sessions their open connections and the instance holding each (only in a single
 * user's details)
 */
record AdminUser(long id, String username, String displayName, Role role, Instant createdAt, Instant lastSeenAt,
		boolean online, Instant bannedAt, String banReason, Instant mutedUntil, List<Connection> sessions) {

	static AdminUser of(AccountStanding standing, boolean online, List<Connection> sessions) {
		return new AdminUser(standing.profile().id().value(), standing.profile().username(),
				standing.profile().displayName(), standing.profile().role(), standing.profile().createdAt(),
				standing.lastSeenAt(), online, standing.bannedAt(), standing.banReason(), standing.mutedUntil(),
				sessions);
	}

	/**
	 * One open connection: its id on the instance that holds it, and the device it named
	 * on CONNECT ({@code device-id}), or null.
	 */
	record Connection(String instanceId, String sessionId, String deviceId) {

		static Connection of(SessionAddress address, String deviceId) {
			return new Connection(address.instanceId(), address.sessionId(), deviceId);
		}

	}

}
