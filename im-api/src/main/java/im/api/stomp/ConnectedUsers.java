package im.api.stomp;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.user.SimpSession;
import org.springframework.messaging.simp.user.SimpSubscription;
import org.springframework.messaging.simp.user.SimpSubscriptionMatcher;
import org.springframework.messaging.simp.user.SimpUser;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.web.socket.messaging.SessionConnectedEvent;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * The users connected to this instance and their connections: Spring's user registry
 * ({@code userRegistry}, set in {@link StompBrokerConfiguration}), which
 * {@link StompClientPush} reads for every push to a user, without the subscriptions.
 * <p>
 * Spring's own registry kept, for every connection, a user object with a map of its
 * sessions, a session object with a map of its subscriptions, and an object per
 * subscription, updated by an event per SUBSCRIBE: about 0.4 KB of an idle connection's
 * heap (docs/benchmarks.md, "Idle connections"). A connection's subscriptions are kept
 * where its frames are written ({@link RoomFanout}, {@link UserQueues}); here a user is a
 * name and a list of connection ids, replaced whole when it changes, so that a reader
 * never sees one half-changed.
 */
final class ConnectedUsers implements SimpUserRegistry, SmartApplicationListener {

	private static final List<String> NONE = List.of();

	private final Map<String, User> users = new ConcurrentHashMap<>();

	/** The user each connection belongs to: the disconnect may not name it. */
	private final Map<String, String> userOfSession = new ConcurrentHashMap<>();

	/** The ids of the user's connections on this instance (the principal's name). */
	List<String> sessionsOf(String user) {
		User connected = this.users.get(user);
		return (connected != null) ? connected.sessionIds() : NONE;
	}

	/** Each user with connections here, by name. */
	Set<String> names() {
		return this.users.keySet();
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return SessionConnectedEvent.class.equals(eventType) || SessionDisconnectEvent.class.equals(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof SessionConnectedEvent connected && connected.getUser() != null) {
			String sessionId = SimpMessageHeaderAccessor.getSessionId(connected.getMessage().getHeaders());
			if (sessionId != null) {
				connected(sessionId, connected.getUser());
			}
		}
		else if (event instanceof SessionDisconnectEvent disconnected) {
			disconnected(disconnected.getSessionId());
		}
	}

	private void connected(String sessionId, Principal principal) {
		String name = principal.getName();
		this.userOfSession.put(sessionId, name);
		this.users.compute(name,
				(key, user) -> (user != null) ? user.with(sessionId) : new User(name, principal, List.of(sessionId)));
	}

	private void disconnected(String sessionId) {
		String name = this.userOfSession.remove(sessionId);
		if (name != null) {
			this.users.computeIfPresent(name, (key, user) -> user.without(sessionId));
		}
	}

	/** Told of a connection after everyone else, as Spring's registry is by default. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public @Nullable SimpUser getUser(String userName) {
		return this.users.get(userName);
	}

	@Override
	public Set<SimpUser> getUsers() {
		return Set.copyOf(this.users.values());
	}

	@Override
	public int getUserCount() {
		return this.users.size();
	}

	/**
	 * Not kept here: a live room's subscriptions are {@link RoomFanout}'s, a user queue's
	 * {@link UserQueues}'.
	 */
	@Override
	public Set<SimpSubscription> findSubscriptions(SimpSubscriptionMatcher matcher) {
		throw new UnsupportedOperationException(
				"Subscriptions are kept by RoomFanout (live rooms) and UserQueues (user queues)");
	}

	/** A connected user: its connections' ids, in the order they connected. */
	private record User(String name, Principal principal, List<String> sessionIds) implements SimpUser {

		User with(String sessionId) {
			return new User(this.name, this.principal,
					Stream.concat(this.sessionIds.stream(), Stream.of(sessionId)).toList());
		}

		/** Null, which removes the user, when it was the last connection. */
		@Nullable User without(String sessionId) {
			List<String> kept = this.sessionIds.stream().filter((id) -> !id.equals(sessionId)).toList();
			return kept.isEmpty() ? null : new User(this.name, this.principal, kept);
		}

		@Override
		public String getName() {
			return this.name;
		}

		@Override
		public Principal getPrincipal() {
			return this.principal;
		}

		@Override
		public boolean hasSessions() {
			return !this.sessionIds.isEmpty();
		}

		@Override
		public @Nullable SimpSession getSession(String sessionId) {
			return this.sessionIds.contains(sessionId) ? new Session(sessionId, this) : null;
		}

		@Override
		public Set<SimpSession> getSessions() {
			return this.sessionIds.stream().map((id) -> new Session(id, this)).collect(Collectors.toSet());
		}

	}

	private record Session(String id, SimpUser user) implements SimpSession {

		@Override
		public String getId() {
			return this.id;
		}

		@Override
		public SimpUser getUser() {
			return this.user;
		}

		/** Not kept here ({@link ConnectedUsers#findSubscriptions}). */
		@Override
		public Set<SimpSubscription> getSubscriptions() {
			throw new UnsupportedOperationException(
					"Subscriptions are kept by RoomFanout (live rooms) and UserQueues (user queues)");
		}

	}

}
