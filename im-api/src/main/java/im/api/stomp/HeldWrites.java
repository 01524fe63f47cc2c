package im.api.stomp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The connections whose frames a thread queues without writing them yet, so that what it
 * sends one connection in a short while leaves in one socket write: the answers to frames
 * a client sent together ({@link #handlingFrame}), and everything a chat writer's batch
 * pushes ({@link #together}). Frames keep their order: what other threads queue meanwhile
 * is written as always, the held frames with it.
 */
final class HeldWrites {

	/**
	 * The connection whose frames this thread queues without writing them, until it has
	 * handled all that the client sent together ({@link #handlingFrame}).
	 */
	private static final ThreadLocal<SendQueue> HELD = new ThreadLocal<>();

	/**
	 * The connections this thread queued frames to without writing them while it runs a
	 * work whose pushes leave together ({@link #together}); null when it runs none.
	 */
	private static final ThreadLocal<List<SendQueue>> HELD_ALL = new ThreadLocal<>();

	private HeldWrites() {
	}

	/**
	 * Whether this thread holds back the frame it just queued to the connection; if not,
	 * the caller writes it.
	 */
	static boolean held(SendQueue queue) {
		if (HELD.get() == queue) {
			return true;
		}
		List<SendQueue> heldAll = HELD_ALL.get();
		if (heldAll == null) {
			return false;
		}
		// a connection sent to several times in a row is listed once; one listed twice is
		// drained twice, the second time finding nothing
		if (heldAll.isEmpty() || heldAll.getLast() != queue) {
			heldAll.add(queue);
		}
		return true;
	}

	/**
	 * Runs the work holding back what it queues to any connection, and then writes each
	 * connection's frames, in one socket write each (see {@code ClientPush#together}). A
	 * connection whose client's frame another thread is handling is left to that thread,
	 * which writes what waits when it is done: a chat writer that stored a message before
	 * the thread that read it had asked for its acknowledgement would otherwise write the
	 * sender's copy alone, and that thread the acknowledgement after it.
	 */
	static <T> T together(Supplier<T> work) {
		if (HELD_ALL.get() != null) {
			return work.get();
		}
		List<SendQueue> held = new ArrayList<>();
		HELD_ALL.set(held);
		try {
			return work.get();
		}
		finally {
			HELD_ALL.remove();
			for (SendQueue queue : held) {
				// read after the frames were queued; the reader clears its mark before
				// it writes, so one of the two writes them. A reader that ended without
				// clearing it (its connection closed) would write nothing.
				Thread reader = queue.reader();
				if (reader == null || !reader.isAlive()) {
					queue.drain();
				}
			}
		}
	}

	/**
	 * From now on, what this thread queues to the connection waits: the thread is
	 * handling a frame of the connection's client, and what it answers may leave in one
	 * socket write with the answers to the client's next frames ({@link #frameHandled}).
	 */
	static void handlingFrame(SendQueue queue) {
		if (HELD.get() != queue) {
			// a frame Tomcat had read was not handed over after all (the connection was
			// closed for it): what waited for it goes now
			releaseHeld();
			HELD.set(queue);
			queue.reader(Thread.currentThread());
		}
	}

	/**
	 * This thread handled a frame of the connection's client ({@code last}: the last part
	 * of a WebSocket message). If Tomcat has read another whole frame of the client's, it
	 * hands it to this thread next, and the answers keep waiting for that one's: a client
	 * that sends four SUBSCRIBEs together gets their four RECEIPTs in one write, not
	 * four. Otherwise what waits is written now.
	 */
	static void frameHandled(SendQueue queue, boolean last) {
		if (HELD.get() != queue) {
			return;
		}
		if (last && queue.frameReadAhead()) {
			return;
		}
		release(queue);
	}

	/** Writes what this thread held back for a connection, if anything. */
	static void releaseHeld() {
		SendQueue held = HELD.get();
		if (held != null) {
			release(held);
		}
	}

	/**
	 * Stops holding the connection and writes what waits, its own frames and those a chat
	 * writer left to it ({@link #together}).
	 */
	private static void release(SendQueue queue) {
		HELD.remove();
		queue.reader(null);
		queue.drain();
	}

}
