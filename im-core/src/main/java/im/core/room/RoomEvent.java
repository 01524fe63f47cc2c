package im.core.room;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/** What a room's audience receives on {@code /topic/rooms/<roomId>}. */
public sealed interface RoomEvent {

	@JsonProperty("type")
	String type();

	String roomId();

	/** A member's comment; {@code commentId} tells it apart when fetched again. */
	record Comment(String commentId, String roomId, long userId, String displayName, String text,
			Instant serverTime) implements RoomEvent {

		@Override
		public String type() {
			return "comment";
		}

	}

	/** An integrator's push to the room. */
	record Pushed(String roomId, String pushType, JsonNode payload, Instant serverTime) implements RoomEvent {

		@Override
		public String type() {
			return "push";
		}

	}

	/** How many connections are in the room, over all instances: sent periodically. */
	record Audience(String roomId, long online) implements RoomEvent {

		@Override
		public String type() {
			return "audience";
		}

	}

	/** The room was closed: leave it. */
	record Closed(String roomId) implements RoomEvent {

		@Override
		public String type() {
			return "room-closed";
		}

	}

}
