package im.core.room;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import im.core.RunMode;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Standalone: this instance's counts are the totals, and it always leads. */
@Component
@Profile(RunMode.STANDALONE)
class InMemoryRoomCounts implements RoomCounts {

	private final Map<String, Long> counts = new ConcurrentHashMap<>();

	@Override
	public void publishLocal(Map<String, Long> changed) {
		changed.forEach((roomId, count) -> {
			if (count > 0) {
				this.counts.put(roomId, count);
			}
			else {
				this.counts.remove(roomId);
			}
		});
	}

	@Override
	public Map<String, Long> totals(Collection<String> roomIds) {
		Map<String, Long> totals = new HashMap<>();
		roomIds.forEach((roomId) -> {
			Long count = this.counts.get(roomId);
			if (count != null) {
				totals.put(roomId, count);
			}
		});
		return totals;
	}

	@Override
	public boolean leads(Duration interval) {
		return true;
	}

}
