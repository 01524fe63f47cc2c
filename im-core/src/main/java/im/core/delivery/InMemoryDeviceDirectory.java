package im.core.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import im.core.RunMode;
import im.core.account.UserId;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** The devices of this one instance's connections. */
@Component
@Profile(RunMode.STANDALONE)
class InMemoryDeviceDirectory implements DeviceDirectory {

	private final SessionRegistry registry;

	private final Map<UserId, Map<String, String>> devices = new ConcurrentHashMap<>();

	InMemoryDeviceDirectory(SessionRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void named(UserId user, String sessionId, String deviceId) {
		this.devices.computeIfAbsent(user, (key) -> new ConcurrentHashMap<>()).put(sessionId, deviceId);
	}

	@Override
	public void closed(UserId user, String sessionId) {
		this.devices.computeIfPresent(user, (key, sessions) -> {
			sessions.remove(sessionId);
			return sessions.isEmpty() ? null : sessions;
		});
	}

	@Override
	public Map<SessionAddress, String> devicesOf(UserId user) {
		Map<SessionAddress, String> found = new HashMap<>();
		this.devices.getOrDefault(user, Map.of())
			.forEach(
					(session, device) -> found.put(new SessionAddress(this.registry.localInstance(), session), device));
		return found;
	}

}
