package im.core.delivery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
	public int remove(UserId user, String sessionId) {
		int[] left = new int[1];
		this.sessions.computeIfPresent(user, (key, open) -> {
			open.remove(sessionId);
			left[0] = open.size();
			return open.isEmpty() ? null : open;
		});
		return left[0];
	}

	@Override
	public boolean isOnline(UserId user) {
		return this.sessions.containsKey(user);
	}

	@Override
	public Set<String> instancesHolding(Collection<UserId> users) {
		return users.stream().anyMatch(this.sessions::containsKey) ? Set.of(this.instance) : Set.of();
	}

	@Override
	public List<UserId> maintain() {
		return List.of();
	}

}
