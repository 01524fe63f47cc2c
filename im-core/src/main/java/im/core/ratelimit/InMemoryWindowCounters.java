package im.core.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import im.core.RunMode;

import org.springframework.context.annotation.Profile;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Counters of a standalone instance: it is the only one, so its memory is the truth. */
@Component
@Profile(RunMode.STANDALONE)
class InMemoryWindowCounters implements WindowCounters {

	private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

	private final Clock clock;

	InMemoryWindowCounters(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Window increment(String key, Duration window) {
		Instant now = this.clock.instant();
		return this.windows.compute(key, (k, open) -> (open == null || !open.endsAt().isAfter(now))
				? new Window(1, now.plus(window)) : new Window(open.count() + 1, open.endsAt()));
	}

	@Override
	public Window current(String key) {
		Instant now = this.clock.instant();
		Window open = this.windows.get(key);
		return (open == null || !open.endsAt().isAfter(now)) ? new Window(0, now) : open;
	}

	@Override
	public void reset(String key) {
		this.windows.remove(key);
	}

	@Scheduled(fixedDelayString = "PT1M")
	void forgetClosedWindows() {
		Instant now = this.clock.instant();
		this.windows.values().removeIf((window) -> !window.endsAt().isAfter(now));
	}

}
