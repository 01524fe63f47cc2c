package im.core.room;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import im.core.account.AccountService;
import im.core.account.UserId;
import im.core.delivery.ClientPush;
import im.core.delivery.DeliveryBus;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.error.InvalidField;
import im.core.push.PushService;
import im.core.ratelimit.WindowCounters;
import im.core.ratelimit.WindowCounters.Window;
import im.core.room.RoomRules.Rules;
import im.core.webhook.WebhookEventType;
import im.core.webhook.WebhookOutbox;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Live rooms: created and closed by administrators, joined by subscribing to their topic
 * ({@code /topic/rooms/<id>}), where comments, integrator pushes and the online count
 * arrive. Everything sent to a room goes through the delivery bus to every instance.
 */
@Service
public class RoomService {

	private static final Logger log = LoggerFactory.getLogger(RoomService.class);

	private static final Pattern ID = Pattern.compile("[a-z0-9_-]{1,64}");

	private final LiveRoomRepository rooms;

	private final RoomMemberRepository members;

	private final RoomAudience audience;

	private final RoomCounts counts;

	private final RecentComments recent;

	private final JsonMapper json;

	private final AccountService accounts;

	private final DeliveryBus bus;

	/** This instance's own connections: closed rooms let them go here. */
	private final ClientPush push;

	private final WindowCounters counters;

	private final RoomSettings settings;

	private final RoomRules rules;

	private final PushService pushes;

	private final WebhookOutbox webhooks;

	private final Clock clock;

	RoomService(LiveRoomRepository rooms, RoomMemberRepository members, RoomAudience audience, RoomCounts counts,
			RecentComments recent, AccountService accounts, DeliveryBus bus, ClientPush push, WindowCounters counters,
			RoomSettings settings, RoomRules rules, PushService pushes, WebhookOutbox webhooks, JsonMapper json,
			Clock clock) {
		this.rules = rules;
		this.webhooks = webhooks;
		this.pushes = pushes;
		this.push = push;
		this.recent = recent;
		this.json = json;
		this.rooms = rooms;
		this.members = members;
		this.audience = audience;
		this.counts = counts;
		this.accounts = accounts;
		this.bus = bus;
		this.counters = counters;
		this.settings = settings;
		this.clock = clock;
	}

	/** Creates a room; {@code createdBy} says who, e.g. {@code user:1}. */
	@Transactional
	public RoomInfo create(String createdBy, NewRoom room) {
		if (room.id() == null || !ID.matcher(room.id()).matches()) {
			throw new InvalidField("id", "id must be 1 to 64 of lower-case letters, digits, '-' and '_'.");
		}
		requireTitle(room.title());
		int keepLast = (room.keepLast() != null) ? room.keepLast() : 0;
		requireKeepLast(keepLast);
		if (room.maxAudience() != null && room.maxAudience() < 1) {
			throw new InvalidField("maxAudience", "maxAudience must be at least 1, or absent.");
		}
		if (this.rooms.existsById(room.id())) {
			throw new DomainException(ErrorCode.ROOM_EXISTS, "A room named '" + room.id() + "' exists already.");
		}
		boolean membersOnly = Boolean.TRUE.equals(room.membersOnly());
		boolean guests = Boolean.TRUE.equals(room.guestsAllowed());
		if (membersOnly && guests) {
			throw new InvalidField("guestsAllowed",
					"A members-only room cannot allow guests: guests are nobody's members.");
		}
		LiveRoom saved = this.rooms.save(new LiveRoom(room.id(), room.title().strip(), membersOnly, guests,
				room.maxAudience(), keepLast, createdBy, this.clock.instant()));
		this.rules.changed(saved);
		return saved.toInfo(0);
	}

	/**
	 * Changes an open room; what the change leaves null stays. The new rules apply to who
	 * joins next: a smaller audience cap or guests no longer allowed do not remove
	 * anyone.
	 */
	@Transactional
	public RoomInfo update(String roomId, RoomChange change) {
		LiveRoom room = open(roomId);
		if (change.title() != null) {
			requireTitle(change.title());
		}
		if (change.keepLast() != null) {
			requireKeepLast(change.keepLast());
		}
		if (change.maxAudience() != null && change.maxAudience() < 0) {
			throw new InvalidField("maxAudience", "maxAudience must be at least 1, or 0 for no cap.");
		}
		if (Boolean.TRUE.equals(change.guestsAllowed()) && room.membersOnly()) {
			throw new InvalidField("guestsAllowed",
					"A members-only room cannot allow guests: guests are nobody's members.");
		}
		room.change((change.title() != null) ? change.title().strip() : null, change.guestsAllowed(),
				change.maxAudience(), change.keepLast());
		this.rules.changed(room);
		return room.toInfo(online(roomId));
	}

	private static void requireTitle(String title) {
		if (title == null || title.isBlank() || title.length() > 128) {
			throw new InvalidField("title", "title must be 1 to 128 characters.");
		}
	}

	private void requireKeepLast(int keepLast) {
		if (keepLast < 0 || keepLast > this.settings.maxKeepLast()) {
			throw new InvalidField("keepLast", "keepLast must be 0 to " + this.settings.maxKeepLast() + ".");
		}
	}

	/** Lists the users who may join a members-only room. */
	@Transactional
	public void addMembers(String roomId, Collection<UserId> users) {
		LiveRoom room = open(roomId);
		for (UserId user : users) {
			this.accounts.profile(user);
			this.members.save(new RoomMember(room.id(), user.value()));
		}
	}

	/** Closes a room: its audience hears {@code room-closed}; nobody may join again. */
	@Transactional
	public RoomInfo close(String roomId) {
		LiveRoom room = find(roomId);
		room.close(this.clock.instant());
		this.rules.changed(room);
		this.recent.clear(roomId);
		this.bus.publishToRoom(roomId, new RoomEvent.Closed(roomId));
		RoomInfo closed = room.toInfo(online(roomId));
		this.webhooks.record(WebhookEventType.ROOM_CLOSED, closed);
		return closed;
	}

	/** The open rooms the user may join, newest first, with their audiences. */
	@Transactional(readOnly = true)
	public List<RoomInfo> roomsFor(UserId user) {
		List<LiveRoom> open = this.rooms.openFor(user.value());
		Map<String, Long> totals = this.counts.totals(open.stream().map(LiveRoom::id).toList());
		return open.stream().map((room) -> room.toInfo(totals.getOrDefault(room.id(), 0L))).toList();
	}

	/** One room, open or closed, with its audience: what administrators see. */
	@Transactional(readOnly = true)
	public RoomInfo roomForAdministrators(String roomId) {
		return find(roomId).toInfo(online(roomId));
	}

	/** Every open room, newest first, with its audience: what administrators oversee. */
	@Transactional(readOnly = true)
	public List<RoomInfo> openRooms() {
		List<LiveRoom> open = this.rooms.allOpen();
		Map<String, Long> totals = this.counts.totals(open.stream().map(LiveRoom::id).toList());
		return open.stream().map((room) -> room.toInfo(totals.getOrDefault(room.id(), 0L))).toList();
	}

	/** One room, for a user who may join it. */
	@Transactional(readOnly = true)
	public RoomInfo room(UserId user, String roomId) {
		LiveRoom room = find(roomId);
		requireMayJoin(Rules.of(room), user);
		return room.toInfo(online(roomId));
	}

	/**
	 * Refuses a user's subscription to the room: unknown or closed, members-only and not
	 * a member, or full.
	 */
	public void authorizeJoin(UserId user, String roomId) {
		Rules room = this.rules.open(roomId);
		requireMayJoin(room, user);
		requireRoomFor(room);
	}

	private void requireRoomFor(Rules room) {
		if (room.maxAudience() != null && online(room.id()) >= room.maxAudience()) {
			throw new DomainException(ErrorCode.ROOM_FULL,
					"Room '" + room.id() + "' holds its maximum audience of " + room.maxAudience() + ".");
		}
	}

	/**
	 * Refuses a guest's subscription to the room: unknown or closed, not open to guests
	 * (guests off, members-only, or not allowing them), or full.
	 */
	public void authorizeGuest(String roomId) {
		Rules room = this.rules.open(roomId);
		if (!this.settings.guestsEnabled() || room.membersOnly() || !room.guestsAllowed()) {
			throw new DomainException(ErrorCode.FORBIDDEN,
					"Room '" + roomId + "' is not open to guests; sign in to join it.");
		}
		requireRoomFor(room);
	}

	/** A connection of this instance joined the room (by one subscription). */
	public void joined(String roomId, String sessionId, String subscriptionId) {
		this.audience.joined(roomId, sessionId, subscriptionId);
	}

	/** A connection of this instance left by unsubscribing. */
	public void left(String sessionId, String subscriptionId) {
		this.audience.left(sessionId, subscriptionId);
	}

	/** A connection of this instance closed: it leaves every room it was in. */
	public void sessionClosed(String sessionId) {
		this.audience.closed(sessionId);
	}

	/** A comment from a connection in the room, to everyone in it. */
	public void comment(UserId user, String sessionId, String roomId, String text) {
		if (text == null || text.isBlank() || text.length() > this.settings.maxCommentLength()) {
			throw new InvalidField("text", "text must be 1 to " + this.settings.maxCommentLength() + " characters.");
		}
		// a closed room says so, to those it just let go too
		Rules room = this.rules.open(roomId);
		if (!this.audience.isIn(sessionId, roomId)) {
			throw new DomainException(ErrorCode.FORBIDDEN,
					"Subscribe to /topic/rooms/" + roomId + " before commenting in it.");
		}
		this.accounts.requireNotMuted(user);
		Window window = this.counters.increment("room-comments:" + user, this.settings.commentWindow());
		if (window.count() > this.settings.maxComments()) {
			throw new DomainException(ErrorCode.TOO_MANY_REQUESTS,
					"You may comment " + this.settings.maxComments() + " times per "
							+ this.settings.commentWindow().toSeconds() + " seconds.",
					Duration.between(this.clock.instant(), window.endsAt()));
		}
		String name = this.accounts.profile(user).displayName();
		RoomEvent.Comment comment = new RoomEvent.Comment(UUID.randomUUID().toString(), roomId, user.value(), name,
				text.strip(), this.clock.instant());
		if (room.keepLast() > 0) {
			this.recent.add(roomId, this.json.writeValueAsString(comment), room.keepLast());
		}
		this.bus.publishToRoom(roomId, comment);
	}

	/**
	 * The comments the room keeps for late joiners, oldest first: a client subscribes
	 * first, then fetches these, and drops those it got live by {@code commentId}.
	 */
	public List<JsonNode> recentComments(UserId user, String roomId) {
		Rules room = this.rules.open(roomId);
		requireMayJoin(room, user);
		return this.recent.recent(roomId).stream().map(this.json::readTree).toList();
	}

	/**
	 * An integrator's push to the room; returns its audience. No database round trip
	 * ({@link RoomRules}): pushes are what a room does most.
	 */
	public long push(String roomId, String type, JsonNode payload) {
		this.pushes.check(type, payload);
		this.rules.open(roomId);
		this.bus.publishToRoom(roomId, new RoomEvent.Pushed(roomId, type, payload, this.clock.instant()));
		this.pushes.accepted("room");
		return online(roomId);
	}

	/** Writes this instance's audiences that changed, for the totals. */
	@Scheduled(fixedDelay = 1000)
	void shareCounts() {
		try {
			this.counts.publishLocal(this.audience.drainChanged());
		}
		catch (RuntimeException ex) {
			log.warn("Could not share room audiences: {}", ex.toString());
		}
	}

	/**
	 * Takes this instance's connections out of rooms that were closed, on whichever
	 * instance: they heard {@code room-closed} at once, and here, within a second, they
	 * stop being its audience and subscribers.
	 */
	@Scheduled(fixedDelay = 1000)
	void removeAudiencesOfClosedRooms() {
		try {
			Set<String> rooms = this.audience.rooms();
			if (rooms.isEmpty()) {
				return;
			}
			for (String closed : this.rooms.closedAmong(rooms)) {
				this.audience.removeAll(closed)
					.forEach((sessionId, subscriptions) -> subscriptions
						.forEach((subscriptionId) -> this.push.unsubscribe(sessionId, subscriptionId)));
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not remove the audiences of closed rooms: {}", ex.toString());
		}
	}

	/**
	 * Tells each room with an audience how large it is (one instance does it per turn).
	 */
	@Scheduled(fixedDelayString = "${im.rooms.count-interval:5s}")
	void announceCounts() {
		try {
			if (!this.counts.leads(this.settings.countInterval())) {
				return;
			}
			this.counts.totals(this.rooms.openIds())
				.forEach((roomId, online) -> this.bus.publishToRoom(roomId, new RoomEvent.Audience(roomId, online)));
		}
		catch (RuntimeException ex) {
			log.warn("Could not announce room audiences: {}", ex.toString());
		}
	}

	private long online(String roomId) {
		return this.counts.totals(List.of(roomId)).getOrDefault(roomId, 0L);
	}

	private void requireMayJoin(Rules room, UserId user) {
		if (room.membersOnly() && !this.members.existsById(new RoomMember.Key(room.id(), user.value()))) {
			throw new DomainException(ErrorCode.FORBIDDEN, "Room '" + room.id() + "' is for its members only.");
		}
	}

	private LiveRoom open(String roomId) {
		LiveRoom room = find(roomId);
		if (room.closed()) {
			throw new DomainException(ErrorCode.ROOM_CLOSED, "Room '" + roomId + "' was closed.");
		}
		return room;
	}

	private LiveRoom find(String roomId) {
		return this.rooms.findById(roomId)
			.orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "There is no room '" + roomId + "'."));
	}

}
