package im.core.room;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance's audience of its rooms, counted by subscription, and what it reports to
 * the room counts shared by the instances ({@link RoomAudience}, without an application).
 */
class RoomAudienceTests {

	private final RoomAudience audience = new RoomAudience();

	@Test
	void eachSubscriptionCountsAndLeavesOnItsOwn() {
		this.audience.joined("lobby", "s1", "sub-1");
		this.audience.joined("lobby", "s1", "sub-2");
		this.audience.joined("lobby", "s2", "sub-1");
		assertThat(this.audience.drainChanged()).isEqualTo(Map.of("lobby", 3L));

		this.audience.left("s1", "sub-1");

		assertThat(this.audience.drainChanged()).isEqualTo(Map.of("lobby", 2L));
		assertThat(this.audience.isIn("s1", "lobby")).as("still in through sub-2").isTrue();
	}

	@Test
	void aReusedSubscriptionIdMovesTheConnectionToTheNewRoom() {
		this.audience.joined("lobby", "s1", "sub-1");
		this.audience.drainChanged();

		this.audience.joined("stage", "s1", "sub-1");

		assertThat(this.audience.drainChanged()).isEqualTo(Map.of("lobby", 0L, "stage", 1L));
		assertThat(this.audience.isIn("s1", "lobby")).isFalse();
		assertThat(this.audience.isIn("s1", "stage")).isTrue();
		assertThat(this.audience.rooms()).containsExactly("stage");
	}

	@Test
	void aClosedConnectionLeavesEveryRoomItWasIn() {
		this.audience.joined("lobby", "s1", "sub-1");
		this.audience.joined("stage", "s1", "sub-2");
		this.audience.joined("stage", "s2", "sub-1");
		this.audience.drainChanged();

		this.audience.closed("s1");

		assertThat(this.audience.drainChanged()).isEqualTo(Map.of("lobby", 0L, "stage", 1L));
		assertThat(this.audience.rooms()).containsExactly("stage");
	}

	@Test
	void closingARoomRemovesItsSubscriptionsOnlyAndSaysWhichTheyWere() {
		this.audience.joined("lobby", "s1", "sub-1");
		this.audience.joined("stage", "s1", "sub-2");
		this.audience.joined("lobby", "s2", "sub-7");
		this.audience.drainChanged();

		Map<String, List<String>> removed = this.audience.removeAll("lobby");

		assertThat(removed).isEqualTo(Map.of("s1", List.of("sub-1"), "s2", List.of("sub-7")));
		assertThat(this.audience.drainChanged()).isEqualTo(Map.of("lobby", 0L));
		assertThat(this.audience.isIn("s1", "stage")).isTrue();
		this.audience.left("s1", "sub-1");
		assertThat(this.audience.drainChanged()).as("a subscription removed with its room leaves nothing").isEmpty();
	}

	@Test
	void changesAreReportedOnceAndUnknownLeavesChangeNothing() {
		this.audience.left("nobody", "sub-1");
		this.audience.closed("nobody");
		assertThat(this.audience.drainChanged()).isEmpty();

		this.audience.joined("lobby", "s1", "sub-1");
		assertThat(this.audience.drainChanged()).isEqualTo(Map.of("lobby", 1L));
		assertThat(this.audience.drainChanged()).isEmpty();
	}

}
