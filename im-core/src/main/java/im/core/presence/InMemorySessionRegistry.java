package im.core.presence;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.concurrent.ConcurrentHashMap;

import im.core.account.UserId;

import org.springframework.stereotype.Component;

/**
 * The sessions of this instance, in memory. (A registry shared by the instances of a
 * cluster, in Redis, is issue "Cluster".)
 */
@Component
class InMemorySessionRegistry implements SessionRegistry {

	private final Map<UserId, SequencedSet<String>> sessions = new ConcurrentHashMap<>();

	@Override
	public List<String> add(UserId user, String sessionId) {
		List<String> result = new ArrayList<>();
		this.sessions.compute(user, (key, open) -> {
			SequencedSet<String> updated = (open != null) ? open : new LinkedHashSet<>();
			updated.add(sessionId);
			result.addAll(updated);
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

}
