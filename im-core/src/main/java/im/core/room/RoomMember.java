package im.core.room;

import java.io.Serializable;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

@Entity
@Table(name = "live_room_members")
@IdClass(RoomMember.Key.class)
class RoomMember {

	@Id
	private String roomId;

	@Id
	private long userId;

	protected RoomMember() {
	}

	RoomMember(String roomId, long userId) {
		this.roomId = roomId;
		this.userId = userId;
	}

	record Key(String roomId, long userId) implements Serializable {

		Key() {
			this(null, 0);
		}

	}

}
