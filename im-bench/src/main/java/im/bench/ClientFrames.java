package im.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** WebSocket frames as a client sends them, for the generators' raw sockets. */
final class ClientFrames {

	private ClientFrames() {
	}

	/**
	 * One masked text frame (a client's frames are masked, RFC 6455 §5.3), ready to
	 * write; payloads up to 64 KB.
	 */
	static ByteBuffer maskedText(String text) {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		ByteBuffer frame = ByteBuffer.allocate(payload.length + 14);
		frame.put((byte) 0x81);
		if (payload.length < 126) {
			frame.put((byte) (0x80 | payload.length));
		}
		else {
			frame.put((byte) (0x80 | 126));
			frame.putShort((short) payload.length);
		}
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		frame.put(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.put((byte) (payload[i] ^ mask[i & 3]));
		}
		return frame.flip();
	}

}
