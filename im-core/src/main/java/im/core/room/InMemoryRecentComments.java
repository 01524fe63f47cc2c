package im.core.room;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import im.core.RunMode;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

@Component
@Profile(RunMode.STANDALONE)
class InMemoryRecentComments implements RecentComments {

	private final Map<String, Deque<String>> rooms = new ConcurrentHashMap<>();

	@Override
	public void add(String roomId, String json, int keep) {
		this.rooms.compute(roomId, (key, kept) -> {
			Deque<String> comments = (kept != null) ? kept : new ArrayDeque<>();
			comments.addLast(json);
			while (comments.size() > keep) {
				comments.removeFirst();
			}
			return comments;
		});
	}

	@Override
	public List<String> recent(String roomId) {
		List<String> copy = new java.util.ArrayList<>();
		this.rooms.computeIfPresent(roomId, (key, kept) -> {
			copy.addAll(kept);
			return kept;
		});
		return copy;
	}

	@Override
	public void clear(String roomId) {
		this.rooms.remove(roomId);
	}

}
