package im.api.stomp;

/**
 * WebSocket text frames as a server sends them (RFC 6455 §5.2: FIN set, opcode 1, no
 * mask), so that a frame is encoded once and its bytes are written as they are, to one
 * connection or to a whole room. Several frames back to back are several messages to the
 * client, whatever its library: a socket write that carries them is only a transport
 * detail.
 */
final class WebSocketFrames {

	/** FIN and the text opcode. */
	private static final byte FIN_TEXT = (byte) 0x81;

	private WebSocketFrames() {
	}

	/** One text frame carrying the UTF-8 payload. */
	static Encoded text(byte[] payload) {
		byte[] frame = new byte[headerLength(payload.length) + payload.length];
		int at = writeHeader(frame, 0, payload.length);
		System.arraycopy(payload, 0, frame, at, payload.length);
		return new Encoded(frame, 1);
	}

	/** The length of a text frame's header for a payload of that length. */
	static int headerLength(int payloadLength) {
		if (payloadLength < 126) {
			return 2;
		}
		return (payloadLength <= 0xFFFF) ? 4 : 10;
	}

	/**
	 * Writes a text frame's header at {@code at}; answers where its payload starts. RFC
	 * 6455 §5.2: lengths under 126 fit the second byte, up to 65,535 follow as 16 bits
	 * (126), longer ones as 64 bits (127), in network order.
	 */
	static int writeHeader(byte[] frame, int at, int payloadLength) {
		frame[at++] = FIN_TEXT;
		if (payloadLength < 126) {
			frame[at++] = (byte) payloadLength;
		}
		else if (payloadLength <= 0xFFFF) {
			frame[at++] = 126;
			frame[at++] = (byte) (payloadLength >>> 8);
			frame[at++] = (byte) payloadLength;
		}
		else {
			frame[at++] = 127;
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame[at++] = (byte) (((long) payloadLength) >>> shift);
			}
		}
		return at;
	}

	/**
	 * Whole frames, back to back, ready to be written as they are (to many connections:
	 * the bytes are only read).
	 *
	 * @param bytes the frames
	 * @param count how many frames they are
	 */
	record Encoded(byte[] bytes, int count) {

	}

}
