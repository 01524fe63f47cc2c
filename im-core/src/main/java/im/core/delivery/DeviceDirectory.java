package im.core.delivery;

import java.util.Map;

import im.core.account.UserId;

/**
 * The device each connection named when it connected, on every instance: what
 * administrators see beside a user's connections. (Pushes to a device need no directory:
 * every instance routes them to its own connections.)
 */
public interface DeviceDirectory {

	/** A connection of this instance named its device. */
	void named(UserId user, String sessionId, String deviceId);

	/** A connection of this instance closed. */
	void closed(UserId user, String sessionId);

	/**
	 * The devices the user's connections named, by connection. It may still hold
	 * connections of an instance that died: read it beside the session registry.
	 */
	Map<SessionAddress, String> devicesOf(UserId user);

}
