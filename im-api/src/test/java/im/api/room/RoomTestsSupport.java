package im.api.room;

import im.support.RawStompClient;
import tools.jackson.databind.JsonNode;

/** What other tests of rooms (across instances) share with {@link RoomTests}. */
public final class RoomTestsSupport {

	private RoomTestsSupport() {
	}

	/** The next event of the type on the client's "room" subscription. */
	public static JsonNode next(RawStompClient client, String type) {
		return RoomTests.next(client, type);
	}

	/** Waits for an audience event with the count; returns the last count heard. */
	public static long awaitAudience(RawStompClient client, long expected) {
		return RoomTests.awaitAudience(client, expected);
	}

}
