package im.api.stomp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import im.core.error.DomainException;
import im.core.error.ErrorCode;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * The device each connection named in its CONNECT frame ({@code device-id}, optional): a
 * name the client chooses and keeps across reconnects, so that an integrator can push to
 * one device of a user (GoIM's "keys").
 */
@Component
class ConnectedDevices {

	static final String HEADER = "device-id";

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	private final Map<String, String> bySession = new ConcurrentHashMap<>();

	/** Remembers the device a connecting session names, refusing a malformed name. */
	void connecting(String sessionId, String deviceId) {
		if (deviceId == null) {
			return;
		}
		if (!VALID.matcher(deviceId).matches()) {
			throw new DomainException(ErrorCode.VALIDATION_FAILED,
					"The device-id header takes 1 to 64 letters, digits, '.', '_', ':' or '-'.");
		}
		this.bySession.put(sessionId, deviceId);
	}

	/** The device the session named, or null. */
	String deviceOf(String sessionId) {
		return this.bySession.get(sessionId);
	}

	@EventListener
	void on(SessionDisconnectEvent event) {
		this.bySession.remove(event.getSessionId());
	}

}
