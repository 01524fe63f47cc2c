package im.core.delivery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import im.core.RunMode;
import im.core.account.UserId;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** The sessions of a standalone instance, which holds them all, in memory. */
@Component
@Profile(RunMode.STANDALONE)
class InMemorySessionRegistry implements SessionRegistry {

	private final Map<UserId, SequencedSet<String>> sessions = new ConcurrentHashMap<>();

	private final String instance;

	InMemorySessionRegistry(ClusterSettings settings) {
		this.instance = settings.instanceId();
	}

	@Override
	public String localInstance() {
		return this.instance;
	}

	@Override
	public List<SessionAddress> add(UserId user, String sessionId) {
		List<SessionAddress> result = new ArrayList<>();
		this.sessions.compute(user, (key, open) -> {
			SequencedSet<String> updated = (open != null) ? open : new LinkedHashSet<>();
			updated.add(sessionId);
			updated.forEach((id) -> result.add(new SessionAddress(this.instance, id)));
			return updated;
		});
		return result;
	}

	@Override
	public boolean remove(UserId user, String sessionId) {
		boolean[] last = new boolean[1];
		this.sessions.computeIfPresent(user, (key, open) -> {
			last[0] = open.remove(sessionId) && open.isEmpty();
			return open.isEmpty() ? null : open;
		});
		return last[0];
	}

	@Override
	public boolean isOnline(UserId user) {
		return this.sessions.containsKey(user);
	}

	@Override
	public boolean complete() {
		return true;
	}

	@Override
	public Map<UserId, Set<String>> instancesHolding(Collection<UserId> users) {
		Map<UserId, Set<String>> holding = new HashMap<>();
		users.stream().filter(this.sessions::containsKey).forEach((user) -> holding.put(user, Set.of(this.instance)));
		return holding;
	}

	@Override
	public Map<UserId, Set<SessionAddress>> sessionsOf(Collection<UserId> users) {
		Map<UserId, Set<SessionAddress>> found = new HashMap<>();
		for (UserId user : users) {
			// a copy taken under the map's lock: add and remove change the set in it
			this.sessions.computeIfPresent(user, (key, open) -> {
				found.put(user,
						open.stream().map((id) -> new SessionAddress(this.instance, id)).collect(Collectors.toSet()));
				return open;
			});
		}
		return found;
	}

	@Override
	public long sessionCount() {
		return this.sessions.values().stream().mapToLong(Set::size).sum();
	}

	@Override
	public ConnectionCounts connectionCounts() {
		return new ConnectionCounts(this.sessions.values().stream().filter((open) -> !open.isEmpty()).count(),
				Map.of(localInstance(), sessionCount()));
	}

	@Override
	public PresenceChanges maintain() {
		return PresenceChanges.NONE;
	}

}
