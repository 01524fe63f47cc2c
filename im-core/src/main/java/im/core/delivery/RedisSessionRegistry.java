package im.core.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Collectors;

import im.core.RunMode;
import im.core.account.UserId;
import im.core.keyspace.RedisKeyspace;

import org.springframework.context.annotation.Profile;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The sessions of every instance of a cluster, in Redis.
 * <p>
 * {@code sessions:<user>} is a sorted set of {@code <instance>/<session>} scored by
 * connection time (oldest first); {@code instances} scores each instance by its last
 * heart-beat, which it renews every second; {@code instance:<id>:sessions} lists an
 * instance's sessions for the one that cleans up after it. A session counts only while
 * its instance's heart-beat is younger than {@code IM_SESSION_TTL}: the sessions of an
 * instance that died stop counting then, whoever looks first removes them, and one
 * surviving instance (whichever claims the dead one) announces the users left offline.
 * Times come from Redis, so the instances' clocks need not agree.
 * <p>
 * Each instance also keeps its own sessions in memory, the truth about them. While Redis
 * does not answer, connections are still accepted (the device limit then counts this
 * instance's only) and closed ones forgotten; when it answers again, or comes back empty,
 * or another instance took this one's heart-beat for dead during the outage and removed
 * its sessions, the instance registers its sessions again and removes those that closed,
 * and reports whose presence changed meanwhile.
 */
@Component
@Profile(RunMode.CLUSTER)
class RedisSessionRegistry implements SessionRegistry {

	private final StringRedisTemplate redis;

	private final RedisKeyspace keyspace;

	private final String instance;

	private final String ttlMillis;

	/** This instance's sessions by id. */
	private final Map<String, LocalSession> local = new ConcurrentHashMap<>();

	private final AtomicLong connections = new AtomicLong();

	/** Whether Redis missed a change of this instance's sessions. */
	private final AtomicBoolean dirty = new AtomicBoolean();

	/** Users whose session closed while Redis could not say whether it was their last. */
	private final Set<UserId> maybeOffline = ConcurrentHashMap.newKeySet();

	/** When this instance last found its sessions lost from the registry, if ever. */
	private volatile Instant lostAt;

	/** Whether this instance has renewed its heart-beat before (the first one is new). */
	private volatile boolean beating;

	private final Duration ttl;

	/** Read: a change of one session; write: registering them all again. */
	private final ReadWriteLock registering = new ReentrantReadWriteLock();

	RedisSessionRegistry(StringRedisTemplate redis, RedisKeyspace keyspace, ClusterSettings settings) {
		this.redis = redis;
		this.keyspace = keyspace;
		this.instance = settings.instanceId();
		this.ttlMillis = Long.toString(settings.sessionTtl().toMillis());
		this.ttl = settings.sessionTtl();
	}

	@Override
	public String localInstance() {
		return this.instance;
	}

	@Override
	public List<SessionAddress> add(UserId user, String sessionId) {
		this.local.put(sessionId, new LocalSession(user, this.connections.incrementAndGet()));
		this.registering.readLock().lock();
		try {
			return register(user, sessionId).stream().map(Object::toString).map(RedisSessionRegistry::address).toList();
		}
		catch (DataAccessException ex) {
			this.dirty.set(true);
			return this.local.entrySet()
				.stream()
				.filter((session) -> session.getValue().user().equals(user))
				.sorted(Comparator.comparingLong((session) -> session.getValue().order()))
				.map((session) -> new SessionAddress(this.instance, session.getKey()))
				.toList();
		}
		finally {
			this.registering.readLock().unlock();
		}
	}

	@Override
	public boolean remove(UserId user, String sessionId) {
		this.local.remove(sessionId);
		this.registering.readLock().lock();
		try {
			unregister(user, this.instance + "/" + sessionId, user + "/" + sessionId);
			return live(user).isEmpty();
		}
		catch (DataAccessException ex) {
			this.maybeOffline.add(user);
			this.dirty.set(true);
			return false;
		}
		finally {
			this.registering.readLock().unlock();
		}
	}

	@Override
	public boolean isOnline(UserId user) {
		return !live(user).isEmpty();
	}

	@Override
	public boolean complete() {
		Instant lost = this.lostAt;
		return lost == null || Instant.now().isAfter(lost.plus(this.ttl));
	}

	@Override
	public Map<UserId, Set<String>> instancesHolding(Collection<UserId> users) {
		Map<UserId, Set<String>> holding = new HashMap<>();
		sessionsOf(users).forEach((user, sessions) -> holding.put(user,
				sessions.stream().map(SessionAddress::instanceId).collect(Collectors.toSet())));
		return holding;
	}

	@Override
	public Map<UserId, Set<SessionAddress>> sessionsOf(Collection<UserId> users) {
		List<UserId> asked = List.copyOf(users);
		List<?> found = this.redis.execute(SessionScripts.SESSIONS_OF, asked.stream().map(this::userSessions).toList());
		Map<UserId, Set<SessionAddress>> sessions = new HashMap<>();
		int at = 0;
		for (UserId user : asked) {
			int count = ((Number) found.get(at++)).intValue();
			for (int i = 0; i < count; i++) {
				sessions.computeIfAbsent(user, (key) -> new HashSet<>()).add(address(found.get(at++).toString()));
			}
		}
		return sessions;
	}

	@Override
	public long sessionCount() {
		// the key of an instance's set, split around where its id goes
		String sample = instanceSessions("\0");
		int at = sample.indexOf('\0');
		Long count = this.redis.execute(SessionScripts.COUNT, List.of(instances()), this.ttlMillis,
				sample.substring(0, at), sample.substring(at + 1));
		return (count != null) ? count : 0;
	}

	@Override
	public ConnectionCounts connectionCounts() {
		String sample = instanceSessions("\0");
		int at = sample.indexOf('\0');
		List<?> counts = this.redis.execute(SessionScripts.COUNTS, List.of(instances()), this.ttlMillis,
				sample.substring(0, at), sample.substring(at + 1));
		Map<String, Long> perInstance = new TreeMap<>();
		for (int i = 1; i + 1 < counts.size(); i += 2) {
			perInstance.put(counts.get(i).toString(), ((Number) counts.get(i + 1)).longValue());
		}
		return new ConnectionCounts(((Number) counts.get(0)).longValue(), perInstance);
	}

	@Override
	public PresenceChanges maintain() {
		List<?> beat = this.redis.execute(SessionScripts.BEAT, List.of(instances()), this.ttlMillis, this.instance);
		boolean lost = ((Number) beat.get(0)).longValue() == 1;
		if (lost && this.beating) {
			// the others find theirs lost within a heart-beat of reaching Redis; a TTL is
			// long enough for any of them that reconnects late
			this.lostAt = Instant.now();
		}
		this.beating = true;
		List<UserId> offline = new ArrayList<>();
		for (Object deadInstance : beat.subList(1, beat.size())) {
			String name = deadInstance.toString();
			// whoever removes it cleans up after it, once
			Long claimed = this.redis.opsForZSet().remove(instances(), name);
			if (claimed != null && claimed == 1) {
				offline.addAll(forget(name));
			}
		}
		if (!lost && !this.dirty.getAndSet(false)) {
			return new PresenceChanges(List.of(), offline);
		}
		PresenceChanges registered = registerAgain();
		offline.addAll(registered.offline());
		return new PresenceChanges(registered.online(), offline);
	}

	/**
	 * Makes the registry hold exactly this instance's open sessions; returns the users
	 * who are online again or offline now.
	 */
	private PresenceChanges registerAgain() {
		this.registering.writeLock().lock();
		try {
			Set<String> registered = new HashSet<>(members(instanceSessions(this.instance)));
			Map<String, UserId> open = new HashMap<>();
			this.local.forEach((sessionId, session) -> open.put(session.user() + "/" + sessionId, session.user()));
			Set<UserId> unsure = Set.copyOf(this.maybeOffline);
			Set<UserId> offline = new HashSet<>(unsure);
			for (String entry : registered) {
				if (!open.containsKey(entry)) {
					SessionAddress closed = address(entry);
					UserId user = UserId.of(closed.instanceId());
					unregister(user, this.instance + "/" + closed.sessionId(), entry);
					offline.add(user);
				}
			}
			Set<UserId> online = new HashSet<>();
			open.forEach((entry, user) -> {
				if (!registered.contains(entry)) {
					if (live(user).isEmpty()) {
						online.add(user);
					}
					register(user, address(entry).sessionId());
				}
			});
			List<UserId> gone = offline.stream()
				.filter((user) -> !open.containsValue(user) && live(user).isEmpty())
				.toList();
			this.maybeOffline.removeAll(unsure);
			return new PresenceChanges(List.copyOf(online), gone);
		}
		catch (DataAccessException ex) {
			this.dirty.set(true);
			throw ex;
		}
		finally {
			this.registering.writeLock().unlock();
		}
	}

	private List<?> register(UserId user, String sessionId) {
		return this.redis.execute(SessionScripts.ADD,
				List.of(userSessions(user), instances(), instanceSessions(this.instance)), this.ttlMillis,
				this.instance, this.instance + "/" + sessionId, user + "/" + sessionId);
	}

	private void unregister(UserId user, String member, String entry) {
		this.redis.opsForZSet().remove(userSessions(user), member);
		this.redis.opsForSet().remove(instanceSessions(this.instance), entry);
	}

	private Set<String> members(String key) {
		Set<String> members = this.redis.opsForSet().members(key);
		return (members != null) ? members : Set.of();
	}

	private List<UserId> forget(String deadInstance) {
		Set<UserId> users = new HashSet<>();
		for (String entry : members(instanceSessions(deadInstance))) {
			int slash = entry.indexOf('/');
			UserId user = new UserId(Long.parseLong(entry.substring(0, slash)));
			this.redis.opsForZSet().remove(userSessions(user), deadInstance + "/" + entry.substring(slash + 1));
			users.add(user);
		}
		this.redis.delete(instanceSessions(deadInstance));
		return users.stream().filter((user) -> !isOnline(user)).toList();
	}

	private List<?> live(UserId user) {
		return this.redis.execute(SessionScripts.LIVE_SESSIONS, List.of(userSessions(user), instances()),
				this.ttlMillis);
	}

	/** A session of this instance's, with its place in the order of connections. */
	private record LocalSession(UserId user, long order) {

	}

	/** Splits {@code <instance>/<session>}, or {@code <user>/<session>}, at the slash. */
	private static SessionAddress address(String member) {
		int slash = member.indexOf('/');
		return new SessionAddress(member.substring(0, slash), member.substring(slash + 1));
	}

	private String userSessions(UserId user) {
		return this.keyspace.key("sessions", user.toString());
	}

	private String instances() {
		return this.keyspace.key("instances");
	}

	private String instanceSessions(String instance) {
		return this.keyspace.key("instance", instance, "sessions");
	}

}
