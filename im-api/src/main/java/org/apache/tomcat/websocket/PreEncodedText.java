package org.apache.tomcat.websocket;

import java.nio.ByteBuffer;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;

/**
 * Ours, not Tomcat's: it lives in Tomcat's package to reach the package-private send that
 * Tomcat's own text sends end in. The standard API takes text only as a {@code String}
 * and encodes it to UTF-8 again on every send, a character at a time; a live room sends
 * the same frame to thousands of connections, and that encoding was half of each send's
 * cost (docs/benchmarks.md). This sends a text message whose UTF-8 bytes were encoded
 * once.
 * <p>
 * Tomcat's own checks against interleaved partial sends are skipped: the caller
 * ({@code im.api.stomp.SendQueue}) sends one message at a time. Should a Tomcat upgrade
 * change the method, the caller falls back to the standard send.
 */
public final class PreEncodedText {

	private PreEncodedText() {
	}

	/** Whether the endpoint is Tomcat's, which this can send through. */
	public static boolean supports(RemoteEndpoint.Async remote) {
		return remote instanceof WsRemoteEndpointBase;
	}

	/**
	 * Sends a whole text message.
	 * @param utf8 its UTF-8 bytes, read from position to limit (the position moves)
	 * @param handler told when the message is written, or why it could not be
	 */
	public static void send(RemoteEndpoint.Async remote, ByteBuffer utf8, SendHandler handler) {
		((WsRemoteEndpointBase) remote).base.startMessage(Constants.OPCODE_TEXT, utf8, true, handler);
	}

}
