package im.api.stomp;

import java.nio.ByteBuffer;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Where a piece of what a client sends leaves its STOMP framing, told by the NUL that
 * ends every frame: so that a frame begun and never finished (a client trickling it, or
 * one that sent half and went quiet while its heart-beats keep it alive) can be timed
 * out. Bodies with a content-length may hold NULs of their own; such a body ending its
 * piece on a NUL merely looks finished early, and the frame goes on being read as ever.
 */
enum FrameEnds {

	/** Only end-of-lines (heart-beats), or nothing. */
	NOTHING,

	/** Ends on a frame's end: nothing is left unfinished. */
	FINISHED,

	/** A frame ended in it and the next began. */
	BEGUN,

	/** No frame ended in it: the one under way goes on, or this one begins. */
	CONTINUED;

	static FrameEnds of(WebSocketMessage<?> message) {
		if (message instanceof TextMessage text) {
			return of(text.getPayload());
		}
		if (message instanceof BinaryMessage binary) {
			return of(binary.getPayload());
		}
		return NOTHING;
	}

	static FrameEnds of(CharSequence text) {
		int last = -1;
		boolean content = false;
		for (int i = text.length() - 1; i >= 0; i--) {
			char c = text.charAt(i);
			if (c == '\0') {
				last = i;
				break;
			}
			content |= (c != '\n' && c != '\r');
		}
		return ends(last, content);
	}

	static FrameEnds of(ByteBuffer bytes) {
		int last = -1;
		boolean content = false;
		for (int i = bytes.limit() - 1; i >= bytes.position(); i--) {
			byte b = bytes.get(i);
			if (b == 0) {
				last = i;
				break;
			}
			content |= (b != '\n' && b != '\r');
		}
		return ends(last, content);
	}

	private static FrameEnds ends(int lastNul, boolean contentAfterIt) {
		if (lastNul < 0) {
			return contentAfterIt ? CONTINUED : NOTHING;
		}
		return contentAfterIt ? BEGUN : FINISHED;
	}

}
