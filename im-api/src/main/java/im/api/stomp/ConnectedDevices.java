package im.api.stomp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import im.api.security.CurrentUser;
import im.core.delivery.DeviceDirectory;
import im.core.error.InvalidField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionConnectedEvent;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * The device each connection named in its CONNECT frame ({@code device-id}, optional): a
 * name the client chooses and keeps across reconnects, so that an integrator can push to
 * one device of a user (GoIM's "keys").
 */
@Component
class ConnectedDevices {

	private static final Logger log = LoggerFactory.getLogger(ConnectedDevices.class);

	static final String HEADER = "device-id";

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	private final Map<String, String> bySession = new ConcurrentHashMap<>();

	private final DeviceDirectory directory;

	ConnectedDevices(DeviceDirectory directory) {
		this.directory = directory;
	}

	/** Remembers the device a connecting session names, refusing a malformed name. */
	void connecting(String sessionId, String deviceId) {
		if (deviceId == null) {
			return;
		}
		if (!VALID.matcher(deviceId).matches()) {
			throw new InvalidField("device-id",
					"The device-id header takes 1 to 64 letters, digits, '.', '_', ':' or '-'.");
		}
		this.bySession.put(sessionId, deviceId);
	}

	/** The device the session named, or null. */
	String deviceOf(String sessionId) {
		return this.bySession.get(sessionId);
	}

	/** Tells the directory, for administrators on every instance. */
	@EventListener
	void on(SessionConnectedEvent event) {
		String sessionId = SimpMessageHeaderAccessor.getSessionId(event.getMessage().getHeaders());
		String device = this.bySession.get(sessionId);
		if (device != null && event.getUser() instanceof JwtAuthenticationToken user) {
			tell(() -> this.directory.named(CurrentUser.id(user), sessionId, device));
		}
	}

	@EventListener
	void on(SessionDisconnectEvent event) {
		if (this.bySession.remove(event.getSessionId()) != null
				&& event.getUser() instanceof JwtAuthenticationToken user) {
			tell(() -> this.directory.closed(CurrentUser.id(user), event.getSessionId()));
		}
	}

	/** The directory only informs administrators: its failure fails no connection. */
	private static void tell(Runnable change) {
		try {
			change.run();
		}
		catch (RuntimeException ex) {
			log.warn("Could not update the device directory: {}", ex.toString());
		}
	}

}
