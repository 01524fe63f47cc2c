package im.core.presence;

import java.util.List;

import im.core.delivery.SessionAddress;

/** Sessions to disconnect because their user connected more devices than allowed. */
public record DeviceLimitReached(List<SessionAddress> sessions, int maxDevices) {

}
