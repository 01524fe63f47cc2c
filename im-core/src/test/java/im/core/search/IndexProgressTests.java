package im.core.search;

import java.util.ArrayList;
import java.util.List;

import im.core.search.IndexProgress.Gap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IndexProgressTests {

	private static final long GRACE = 30_000;

	@Test
	void idsReadInOrderLeaveNoGap() {
		IndexProgress next = IndexProgress.START.next(List.of(1L, 2L, 3L), List.of(), 1000, GRACE);
		assertThat(next.highestSeen()).isEqualTo(3);
		assertThat(next.gaps()).isEmpty();
		assertThat(next.safeUpTo()).isEqualTo(3);
	}

	@Test
	void anIdSkippedIsLookedForUntilItTurnsUp() {
		IndexProgress next = IndexProgress.START.next(List.of(1L, 2L, 5L, 6L), List.of(), 1000, GRACE);
		assertThat(next.gaps()).containsExactly(new Gap(3, 4, 1000));
		assertThat(next.safeUpTo()).isEqualTo(2);
		// 4 committed; 3 not yet
		IndexProgress later = next.next(List.of(7L), List.of(4L), 2000, GRACE);
		assertThat(later.gaps()).containsExactly(new Gap(3, 3, 1000));
		assertThat(later.safeUpTo()).isEqualTo(2);
		assertThat(later.next(List.of(), List.of(3L), 3000, GRACE).safeUpTo()).isEqualTo(7);
	}

	@Test
	void anIdIsTakenOnceReadAndOutOfEveryGap() {
		IndexProgress next = IndexProgress.START.next(List.of(1L, 2L, 5L), List.of(), 1000, GRACE);
		assertThat(next.taken(1)).isTrue();
		assertThat(next.taken(3)).isFalse();
		assertThat(next.taken(4)).isFalse();
		assertThat(next.taken(5)).isTrue();
		assertThat(next.taken(6)).isFalse();
		assertThat(next.next(List.of(), List.of(3L), 2000, GRACE).taken(3)).isTrue();
	}

	@Test
	void aGapInTheMiddleSplitsInTwo() {
		IndexProgress next = IndexProgress.START.next(List.of(1L, 10L), List.of(), 1000, GRACE)
			.next(List.of(), List.of(5L), 2000, GRACE);
		assertThat(next.gaps()).containsExactly(new Gap(2, 4, 1000), new Gap(6, 9, 1000));
	}

	@Test
	void aGapOlderThanTheGraceIsGivenUp() {
		IndexProgress next = IndexProgress.START.next(List.of(1L, 3L), List.of(), 1000, GRACE);
		assertThat(next.next(List.of(), List.of(), 1000 + GRACE - 1, GRACE).safeUpTo()).isEqualTo(1);
		assertThat(next.next(List.of(), List.of(), 1000 + GRACE, GRACE).safeUpTo()).isEqualTo(3);
	}

	@Test
	void itIsKeptAsTextAndReadBack() {
		IndexProgress progress = new IndexProgress(42, List.of(new Gap(3, 4, 1000), new Gap(7, 7, 2000)));
		assertThat(IndexProgress.parse(progress.format())).isEqualTo(progress);
		assertThat(IndexProgress.parse(IndexProgress.START.format())).isEqualTo(IndexProgress.START);
		assertThat(IndexProgress.parse("garbage")).isEqualTo(IndexProgress.START);
		assertThat(IndexProgress.parse(null)).isEqualTo(IndexProgress.START);
	}

	@Test
	void atMostSoManyGapsAreKeptTheOldestGivenUp() {
		List<Long> everyOther = new ArrayList<>();
		for (long id = 2; id <= 2 * (IndexProgress.MAX_GAPS + 10); id += 2) {
			everyOther.add(id);
		}
		IndexProgress next = IndexProgress.START.next(everyOther, List.of(), 1000, GRACE);
		assertThat(next.gaps()).hasSize(IndexProgress.MAX_GAPS);
		assertThat(next.gaps().get(0).from()).isEqualTo(21);
	}

}
