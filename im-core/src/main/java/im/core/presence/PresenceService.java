package im.core.presence;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import im.core.account.AccountService;
import im.core.account.UserId;
import im.core.conversation.ConversationMembers;
import im.core.delivery.Delivery;
import im.core.delivery.DeliveryBus;
import im.core.delivery.PresenceChanges;
import im.core.delivery.SessionAddress;
import im.core.delivery.SessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Presence and devices. A user is online while any device is connected; going online and
 * offline (with the last-seen time) is pushed to everyone who shares a conversation with
 * them. A connection past the device limit pushes the oldest ones out.
 */
@Service
public class PresenceService {

	private static final Logger log = LoggerFactory.getLogger(PresenceService.class);

	private final SessionRegistry registry;

	private final AccountService accounts;

	private final ConversationMembers conversations;

	private final DeliveryBus bus;

	private final PresenceSettings settings;

	private final Clock clock;

	private volatile boolean registryFailing;

	PresenceService(SessionRegistry registry, AccountService accounts, ConversationMembers conversations,
			DeliveryBus bus, PresenceSettings settings, Clock clock) {
		this.registry = registry;
		this.accounts = accounts;
		this.conversations = conversations;
		this.bus = bus;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Records a new connection.
	 * @return the user's oldest sessions to disconnect when this one passes the device
	 * limit
	 */
	public DeviceLimitReached connected(UserId user, String sessionId) {
		List<SessionAddress> sessions = this.registry.add(user, sessionId);
		if (sessions.size() == 1) {
			announce(new Presence(user.value(), true, null), user);
		}
		int excess = sessions.size() - this.settings.maxDevices();
		return new DeviceLimitReached((excess > 0) ? sessions.subList(0, excess) : List.of(),
				this.settings.maxDevices());
	}

	/** Records a closed connection; the last one to close makes the user offline. */
	public void disconnected(UserId user, String sessionId) {
		if (this.registry.remove(user, sessionId)) {
			wentOffline(user);
		}
	}

	/**
	 * Keeps this instance's sessions registered, and announces the presence changes the
	 * registry finds: users whose last sessions were on an instance that died, or whose
	 * sessions it registers again after losing them.
	 */
	@Scheduled(fixedDelay = 1000)
	void maintainSessions() {
		PresenceChanges changes;
		try {
			changes = this.registry.maintain();
		}
		catch (RuntimeException ex) {
			// Redis away (or shutting down): say so once, not every second
			if (!this.registryFailing) {
				this.registryFailing = true;
				log.warn("Cannot maintain the session registry: {}", ex.toString());
			}
			return;
		}
		if (this.registryFailing) {
			this.registryFailing = false;
			log.info("Session registry reachable again");
		}
		changes.online().forEach((user) -> announce(new Presence(user.value(), true, null), user));
		changes.offline().forEach(this::wentOffline);
	}

	private void wentOffline(UserId user) {
		Instant now = this.clock.instant();
		this.accounts.recordLastSeen(user, now);
		announce(new Presence(user.value(), false, now), user);
	}

	/** The presence of each of the users. */
	public List<Presence> presence(List<UserId> users) {
		Map<UserId, Instant> lastSeen = this.accounts.lastSeen(users);
		return users.stream().map((user) -> {
			boolean online = this.registry.isOnline(user);
			return new Presence(user.value(), online, online ? null : lastSeen.get(user));
		}).toList();
	}

	private void announce(Presence presence, UserId user) {
		this.bus.publish(Delivery.aboutUser(user, this.conversations.contactsOf(user), "events", presence));
	}

}
