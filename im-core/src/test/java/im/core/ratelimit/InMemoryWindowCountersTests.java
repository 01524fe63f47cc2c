package im.core.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import im.core.ratelimit.WindowCounters.Window;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryWindowCountersTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final InMemoryWindowCounters counters = new InMemoryWindowCounters(this.clock);

	@Test
	void countsWithinAWindowAndStartsOverAfterIt() {
		Window first = this.counters.increment("k", Duration.ofMinutes(1));
		assertThat(first).isEqualTo(new Window(1, this.clock.instant().plusSeconds(60)));
		this.clock.advance(Duration.ofSeconds(59));
		assertThat(this.counters.increment("k", Duration.ofMinutes(1)).count()).isEqualTo(2);
		assertThat(this.counters.current("k")).isEqualTo(new Window(2, first.endsAt()));

		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.counters.current("k").count()).isZero();
		assertThat(this.counters.increment("k", Duration.ofMinutes(1)).count()).isEqualTo(1);
	}

	@Test
	void resetClosesTheWindowAndKeysAreIndependent() {
		this.counters.increment("a", Duration.ofMinutes(1));
		this.counters.increment("b", Duration.ofMinutes(1));
		this.counters.reset("a");
		assertThat(this.counters.current("a").count()).isZero();
		assertThat(this.counters.current("b").count()).isEqualTo(1);
	}

	@Test
	void closedWindowsAreForgotten() {
		this.counters.increment("old", Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(2));
		this.counters.forgetClosedWindows();
		assertThat(this.counters.current("old").count()).isZero();
	}

	static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
