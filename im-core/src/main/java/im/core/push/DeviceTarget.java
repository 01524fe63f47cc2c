package im.core.push;

import im.core.account.UserId;

/**
 * One device of a user: the connections that named {@code deviceId} in their CONNECT
 * frame.
 */
public record DeviceTarget(UserId user, String deviceId) {

}
