package im.core.room;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "live_rooms")
class LiveRoom {

	@Id
	private String id;

	@Column(nullable = false)
	private String title;

	@Column(nullable = false, updatable = false)
	private boolean membersOnly;

	private Integer maxAudience;

	@Column(nullable = false, updatable = false)
	private boolean guestsAllowed;

	@Column(nullable = false, updatable = false)
	private int keepLast;

	@Column(nullable = false, updatable = false)
	private String createdBy;

	@Column(nullable = false, updatable = false)
	private Instant createdAt;

	private Instant closedAt;

	protected LiveRoom() {
	}

	LiveRoom(String id, String title, boolean membersOnly, boolean guestsAllowed, Integer maxAudience, int keepLast,
			String createdBy, Instant now) {
		this.keepLast = keepLast;
		this.id = id;
		this.title = title;
		this.membersOnly = membersOnly;
		this.guestsAllowed = guestsAllowed;
		this.maxAudience = maxAudience;
		this.createdBy = createdBy;
		this.createdAt = now;
	}

	String id() {
		return this.id;
	}

	boolean membersOnly() {
		return this.membersOnly;
	}

	boolean guestsAllowed() {
		return this.guestsAllowed;
	}

	int keepLast() {
		return this.keepLast;
	}

	Integer maxAudience() {
		return this.maxAudience;
	}

	boolean closed() {
		return this.closedAt != null;
	}

	/** Changes what is given (non-null); a maxAudience of 0 removes the cap. */
	void change(String title, Boolean guestsAllowed, Integer maxAudience, Integer keepLast) {
		if (title != null) {
			this.title = title;
		}
		if (guestsAllowed != null) {
			this.guestsAllowed = guestsAllowed;
		}
		if (maxAudience != null) {
			this.maxAudience = (maxAudience == 0) ? null : maxAudience;
		}
		if (keepLast != null) {
			this.keepLast = keepLast;
		}
	}

	void close(Instant now) {
		if (this.closedAt == null) {
			this.closedAt = now;
		}
	}

	RoomInfo toInfo(long online) {
		return new RoomInfo(this.id, this.title, this.membersOnly, this.guestsAllowed, this.maxAudience, this.keepLast,
				online, this.createdBy, this.createdAt, this.closedAt);
	}

}
