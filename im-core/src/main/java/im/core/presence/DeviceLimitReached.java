package im.core.presence;

import java.util.List;

/** Sessions to disconnect because their user connected more devices than allowed. */
public record DeviceLimitReached(List<String> sessionIds, int maxDevices) {

}
