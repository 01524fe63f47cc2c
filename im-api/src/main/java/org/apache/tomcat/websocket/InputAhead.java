package org.apache.tomcat.websocket;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

import jakarta.websocket.RemoteEndpoint;
import org.apache.tomcat.websocket.server.WsFrameServer;
import org.apache.tomcat.websocket.server.WsHttpUpgradeHandler;

/**
 * Ours, not Tomcat's: tells whether the client of a connection sent more frames than the
 * one being handled, in the same read.
 * <p>
 * Why: a client sends several frames together (four SUBSCRIBEs after CONNECTED), Tomcat
 * reads them at once and hands them to the application one after another on the same
 * thread. Their answers can then leave in one socket write instead of one each, if the
 * application knows, after handling a frame, that Tomcat holds another whole one and will
 * hand it over next. This reads that from the bytes Tomcat read and has not processed
 * yet.
 * <p>
 * Safe only on the thread handling the connection's frame, at the end of a message (after
 * its last part): then Tomcat's input buffer is at the start of the next frame. Should a
 * Tomcat upgrade change what this reaches, it answers that nothing more was sent, and
 * each answer leaves in a write of its own, as before.
 */
public final class InputAhead {

	private static final VarHandle FRAME = ServerSockets.field(WsHttpUpgradeHandler.class, "wsFrame",
			WsFrameServer.class);

	private static final VarHandle INPUT = ServerSockets.field(WsFrameBase.class, "inputBuffer", ByteBuffer.class);

	/** Text, binary and continuation frames: the ones Tomcat hands to the application. */
	private static final int LAST_DATA_OPCODE = 2;

	private InputAhead() {
	}

	/**
	 * The buffer the connection's frames are read into, or null when it cannot be reached
	 * (then {@link #dataFrameWaiting} is never true).
	 */
	public static ByteBuffer inputOf(RemoteEndpoint.Async remote) {
		WsHttpUpgradeHandler handler = ServerSockets.upgradeHandlerOf(remote);
		if (FRAME == null || INPUT == null || handler == null) {
			return null;
		}
		try {
			return (FRAME.get(handler) instanceof WsFrameServer frame) ? (ByteBuffer) INPUT.get(frame) : null;
		}
		catch (RuntimeException | LinkageError ex) {
			return null;
		}
	}

	/**
	 * Whether the unprocessed bytes of the input buffer start with a whole data frame,
	 * which Tomcat hands to the application before it reads again.
	 */
	public static boolean dataFrameWaiting(ByteBuffer input) {
		int start = input.position();
		int available = input.remaining();
		if (available < 2) {
			return false;
		}
		int opcode = input.get(start) & 0x0f;
		if (opcode > LAST_DATA_OPCODE) {
			return false;
		}
		int second = input.get(start + 1);
		long length = second & 0x7f;
		int header = 2 + (((second & 0x80) != 0) ? 4 : 0);
		if (length == 126) {
			if (available < 4) {
				return false;
			}
			length = input.getShort(start + 2) & 0xffff;
			header += 2;
		}
		else if (length == 127) {
			// more than 64 KB: larger than the input buffer
			return false;
		}
		return available >= header + length;
	}

}
