package im.api.stomp;

import java.nio.charset.StandardCharsets;

import im.api.stomp.WebSocketFrames.Encoded;

/**
 * STOMP frames the server writes itself, past Spring's broker, as whole WebSocket frames
 * ({@link WebSocketFrames}).
 */
final class StompFrames {

	private StompFrames() {
	}

	/**
	 * A header value as STOMP 1.2 carries it in a frame other than CONNECT: backslash,
	 * colon, line feed and carriage return escaped.
	 */
	static String escape(String value) {
		if (value.indexOf('\\') < 0 && value.indexOf(':') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
			return value;
		}
		return value.replace("\\", "\\\\").replace(":", "\\c").replace("\n", "\\n").replace("\r", "\\r");
	}

	/**
	 * A MESSAGE frame carrying JSON to one subscription, as one WebSocket text frame.
	 * @param destination the destination the client subscribed to (no escaping needed)
	 * @param subscription the subscription's id, escaped ({@link #escape})
	 * @param messageId the frame's {@code message-id}
	 */
	static Encoded message(String destination, String subscription, String messageId, byte[] json) {
		byte[] head = ("MESSAGE\ndestination:" + destination + "\ncontent-type:application/json\nsubscription:"
				+ subscription + "\nmessage-id:" + messageId + "\ncontent-length:" + json.length + "\n\n")
			.getBytes(StandardCharsets.UTF_8);
		int payload = head.length + json.length + 1;
		int at = WebSocketFrames.headerLength(payload);
		byte[] frame = new byte[at + payload];
		WebSocketFrames.writeHeader(frame, 0, payload);
		System.arraycopy(head, 0, frame, at, head.length);
		System.arraycopy(json, 0, frame, at + head.length, json.length);
		// the last byte stays 0: the frame's end
		return new Encoded(frame, 1);
	}

}
