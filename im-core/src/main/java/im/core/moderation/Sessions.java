package im.core.moderation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import im.core.account.AccountBanned;
import im.core.account.AccountRoleChanged;
import im.core.account.PasswordChanged;
import im.core.account.UserId;
import im.core.auth.SignedOut;
import im.core.delivery.DeliveryBus;
import im.core.delivery.DeviceDirectory;
import im.core.delivery.SessionAddress;
import im.core.delivery.SessionRegistry;
import im.core.error.DomainException;
import im.core.error.ErrorCode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A user's connections as administrators see and close them, on whatever instance holds
 * them: each closes with an ERROR frame that says why.
 */
@Service
public class Sessions {

	private final SessionRegistry registry;

	private final DeliveryBus bus;

	private final DeviceDirectory devices;

	Sessions(SessionRegistry registry, DeliveryBus bus, DeviceDirectory devices) {
		this.registry = registry;
		this.bus = bus;
		this.devices = devices;
	}

	/** The user's open connections, on every instance. */
	public Set<SessionAddress> of(UserId user) {
		return this.registry.sessionsOf(List.of(user)).getOrDefault(user, Set.of());
	}

	/**
	 * The user's open connections with the device each named (null where none was), on
	 * every instance.
	 */
	public Map<SessionAddress, Optional<String>> withDevices(UserId user) {
		Map<SessionAddress, String> named = this.devices.devicesOf(user);
		Map<SessionAddress, Optional<String>> open = new HashMap<>();
		of(user).forEach((session) -> open.put(session, Optional.ofNullable(named.get(session))));
		return open;
	}

	/** Closes every connection of the user; answers how many there were. */
	public int closeAll(UserId user, ErrorCode code, String detail) {
		Set<SessionAddress> sessions = of(user);
		sessions.forEach((session) -> this.bus.disconnect(session, code, detail));
		return sessions.size();
	}

	/**
	 * Closes one connection of the user.
	 * @throws DomainException {@link ErrorCode#NOT_FOUND} when the user has no such
	 * connection open
	 */
	public void close(UserId user, SessionAddress session, String detail) {
		if (!of(user).contains(session)) {
			throw new DomainException(ErrorCode.NOT_FOUND, "User " + user + " has no connection " + session.sessionId()
					+ " on instance " + session.instanceId() + ".");
		}
		this.bus.disconnect(session, ErrorCode.KICKED, detail);
	}

	@TransactionalEventListener
	void on(AccountBanned event) {
		closeAll(event.userId(), ErrorCode.ACCOUNT_BANNED, "This account was banned.");
	}

	@TransactionalEventListener
	void on(AccountRoleChanged event) {
		closeAll(event.userId(), ErrorCode.KICKED, "Your role changed: sign in again.");
	}

	/**
	 * A new password signs the user out everywhere; the device that changed it has new
	 * tokens and reconnects with them.
	 */
	@TransactionalEventListener
	void on(PasswordChanged event) {
		if (event.reset()) {
			closeAll(event.userId(), ErrorCode.KICKED, "An administrator reset your password: sign in again.");
		}
		else {
			closeAll(event.userId(), ErrorCode.TOKEN_INVALID,
					"The password changed: connect again with the new sign-in's token, or sign in again.");
		}
	}

	/** The connections opened with tokens of a sign-in that ended. */
	@TransactionalEventListener
	void on(SignedOut event) {
		of(event.userId()).forEach((session) -> this.bus.disconnectSignIn(session, event.signIn().toString(),
				ErrorCode.TOKEN_INVALID, "This sign-in ended (signed out); sign in again."));
	}

}
