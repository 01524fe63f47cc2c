package im.api.stomp;

import java.time.Duration;

/**
 * What a connection's client owes the server and since when: its CONNECT, the end of a
 * frame it began, a word (a heart-beat at least) within its silence limit. The client's
 * reads mark it ({@link OpenConnections#heard}); {@link SilentConnections} checks every
 * connection's each second and closes those overdue.
 */
final class ClientDeadlines {

	/** When the client last sent anything (System.nanoTime). */
	private volatile long heardAt = System.nanoTime();

	/** How long the client may stay silent (nanoseconds); 0 for as long as it likes. */
	private volatile long silenceLimitNanos;

	/**
	 * Until when (System.nanoTime) the client may take to send CONNECT; 0 once it has, or
	 * for as long as it likes.
	 */
	private volatile long connectBy;

	/** When the frame the client has begun and not finished began (nanoTime); 0: none. */
	private volatile long frameBegunAt;

	/** The client must send CONNECT within this long, or be closed. */
	void mustConnectWithin(Duration limit) {
		this.connectBy = System.nanoTime() + limit.toNanos();
	}

	/** CONNECT was accepted. */
	void connected() {
		this.connectBy = 0;
	}

	/**
	 * The client sent something (a frame, part of one, a heart-beat), ending as given.
	 */
	void heard(FrameEnds ends) {
		long now = System.nanoTime();
		this.heardAt = now;
		switch (ends) {
			case FINISHED -> this.frameBegunAt = 0;
			case BEGUN -> this.frameBegunAt = now;
			case CONTINUED -> {
				if (this.frameBegunAt == 0) {
					this.frameBegunAt = now;
				}
			}
			case NOTHING -> {
			}
		}
	}

	/** The client asked for heart-beats: after this long without a word it is gone. */
	void closeWhenSilentFor(Duration limit) {
		this.silenceLimitNanos = limit.toNanos();
	}

	/** Whether the time to send CONNECT ran out without one. */
	boolean connectOverdue(long now) {
		long by = this.connectBy;
		return by != 0 && now - by > 0;
	}

	/** How long the frame the client began is unfinished, if longer than the limit. */
	Duration frameUnfinishedFor(long now, Duration limit) {
		long begun = this.frameBegunAt;
		return (begun != 0 && now - begun > limit.toNanos()) ? Duration.ofNanos(now - begun) : null;
	}

	/** How long the client has been silent, if longer than it may be; else null. */
	Duration silentFor(long now) {
		long limit = this.silenceLimitNanos;
		long silent = now - this.heardAt;
		return (limit > 0 && silent > limit) ? Duration.ofNanos(silent) : null;
	}

}
