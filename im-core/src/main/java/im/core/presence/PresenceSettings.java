package im.core.presence;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Devices and presence.
 *
 * @param maxDevices concurrent connections one user may have ({@code IM_MAX_DEVICES}); a
 * new one past the limit disconnects the oldest
 */
@ConfigurationProperties("im.presence")
public record PresenceSettings(@DefaultValue("5") int maxDevices) {

}
