package im.api.stomp;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import im.support.Api;
import im.support.Api.Session;
import im.support.StandaloneModeTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames a client sends together are answered together: four SUBSCRIBEs in one TCP write,
 * each its own WebSocket frame as {@code @stomp/stompjs} sends them, get their four
 * RECEIPTs in one socket write, in order. What follows them in the same read and is not a
 * whole frame (half of the next one, a ping) does not hold their answers back.
 */
@StandaloneModeTest
class FramesSentTogetherTests {

	private static final List<String> QUEUES = List.of("/user/queue/messages", "/user/queue/acks", "/user/queue/errors",
			"/user/queue/events");

	@LocalServerPort
	int port;

	@Test
	void fourSubscribesSentTogetherAreAnsweredInOneWrite() throws IOException {
		Api api = new Api(this.port);
		Session user = api.newUser("together");
		try (RawSocket client = RawSocket.connect(this.port, user.accessToken())) {
			double sharedBefore = sharedWrites(api);
			client.write(subscribes("a"));
			assertThat(client.receipts(4)).containsExactly("a0", "a1", "a2", "a3");
			assertThat(sharedWrites(api) - sharedBefore).as("frames that left in a write with others")
				.isGreaterThanOrEqualTo(3);
		}
	}

	@Test
	void halfAFrameAfterThemDoesNotHoldTheAnswersBack() throws IOException {
		Api api = new Api(this.port);
		Session user = api.newUser("together");
		try (RawSocket client = RawSocket.connect(this.port, user.accessToken())) {
			byte[] next = RawSocket.maskedText(subscribeFrame("b", 4, "/user/queue/push"));
			byte[] half = Arrays.copyOf(next, next.length / 2);
			client.write(concat(subscribes("b"), half));
			assertThat(client.receipts(4)).containsExactly("b0", "b1", "b2", "b3");
			client.write(Arrays.copyOfRange(next, half.length, next.length));
			assertThat(client.receipts(1)).containsExactly("b4");
		}
	}

	@Test
	void aPingAfterThemDoesNotHoldTheAnswersBack() throws IOException {
		Api api = new Api(this.port);
		Session user = api.newUser("together");
		try (RawSocket client = RawSocket.connect(this.port, user.accessToken())) {
			// a ping is answered by Tomcat, never handed to the application
			byte[] ping = { (byte) 0x89, (byte) 0x80, 1, 2, 3, 4 };
			client.write(concat(subscribes("c"), ping));
			assertThat(client.receipts(4)).containsExactly("c0", "c1", "c2", "c3");
		}
	}

	/**
	 * A chat writer stores a batch, then delivers its messages and answers their senders:
	 * what it sends to one connection leaves in one write. The sender's copy of its
	 * message and its acknowledgement were two writes each time.
	 */
	@Test
	void aSendersCopyOfItsMessageAndTheAcknowledgementLeaveInOneWrite() throws IOException {
		Api api = new Api(this.port);
		Session alice = api.newUser("together");
		Session bob = api.newUser("together");
		long chat = api.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken())
			.json()
			.get("id")
			.asLong();
		try (RawSocket client = RawSocket.connect(this.port, alice.accessToken())) {
			client.write(subscribes("d"));
			client.receipts(4);
			double sharedBefore = sharedWrites(api);
			int sends = 5;
			for (int i = 0; i < sends; i++) {
				client.write(RawSocket.maskedText("SEND\ndestination:/app/chat.send\ncontent-type:application/json\n\n"
						+ "{\"conversationId\":" + chat + ",\"clientMsgId\":\"together-" + i
						+ "\",\"type\":\"TEXT\",\"text\":\"hello\"}\0"));
				String copy = client.readFrame();
				String acknowledgement = client.readFrame();
				assertThat(copy).startsWith("MESSAGE").contains("subscription:d0").contains("together-" + i);
				assertThat(acknowledgement).startsWith("MESSAGE").contains("subscription:d1").contains("together-" + i);
			}
			// each pair one write; the answer to a send could in principle beat the
			// handler that waits for it (then it leaves on the handler's thread, alone)
			assertThat(sharedWrites(api) - sharedBefore).as("frames that left in a write with others")
				.isGreaterThanOrEqualTo(sends - 1);
		}
	}

	private static byte[] subscribes(String receiptPrefix) {
		byte[] all = new byte[0];
		for (int i = 0; i < QUEUES.size(); i++) {
			all = concat(all, RawSocket.maskedText(subscribeFrame(receiptPrefix, i, QUEUES.get(i))));
		}
		return all;
	}

	private static String subscribeFrame(String receiptPrefix, int i, String destination) {
		return "SUBSCRIBE\nid:" + receiptPrefix + i + "\ndestination:" + destination + "\nreceipt:" + receiptPrefix + i
				+ "\n\n\0";
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

	/**
	 * Frames written minus socket writes: how many frames left in a write with others.
	 */
	private static double sharedWrites(Api api) {
		String metrics = api.get("/actuator/prometheus", api.login("admin", "admin-test-password").accessToken())
			.body();
		return meter(metrics, "im_websocket_frames_total") - meter(metrics, "im_websocket_writes_total");
	}

	private static double meter(String metrics, String name) {
		return metrics.lines()
			.filter((line) -> line.startsWith(name + " ") || line.startsWith(name + "{"))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	/**
	 * A WebSocket client on a plain socket, which writes exactly the bytes it is given in
	 * one write: Java's WebSocket client writes each frame on its own.
	 */
	private static final class RawSocket implements AutoCloseable {

		private final Socket socket;

		private final DataInputStream in;

		private final OutputStream out;

		private RawSocket(Socket socket) throws IOException {
			this.socket = socket;
			this.socket.setSoTimeout(10_000);
			this.socket.setTcpNoDelay(true);
			this.in = new DataInputStream(socket.getInputStream());
			this.out = socket.getOutputStream();
		}

		/** Opened, upgraded, and STOMP-connected with the access token. */
		static RawSocket connect(int port, String accessToken) throws IOException {
			RawSocket client = new RawSocket(new Socket("127.0.0.1", port));
			byte[] key = new byte[16];
			ThreadLocalRandom.current().nextBytes(key);
			client.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port
					+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
					+ Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Protocol: v12.stomp\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			String status = client.readHead();
			assertThat(status).startsWith("HTTP/1.1 101");
			client.write(maskedText("CONNECT\naccept-version:1.2\nhost:127.0.0.1\nheart-beat:0,0\nAuthorization:Bearer "
					+ accessToken + "\n\n\0"));
			assertThat(client.readFrame()).startsWith("CONNECTED");
			return client;
		}

		void write(byte[] bytes) throws IOException {
			this.out.write(bytes);
			this.out.flush();
		}

		/** The receipt ids of the next frames, which must be RECEIPTs. */
		List<String> receipts(int count) throws IOException {
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				String frame = readFrame();
				assertThat(frame).startsWith("RECEIPT");
				ids.add(frame.lines()
					.filter((line) -> line.startsWith("receipt-id:"))
					.findFirst()
					.orElseThrow()
					.substring("receipt-id:".length()));
			}
			return ids;
		}

		/** The handshake's answer, up to the blank line; its status line. */
		private String readHead() throws IOException {
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
				head.write(this.in.readUnsignedByte());
			}
			return head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
		}

		/** The next text frame's payload (the server sends no others here). */
		private String readFrame() throws IOException {
			int first = this.in.readUnsignedByte();
			assertThat(first).as("a final text frame").isEqualTo(0x81);
			int length = this.in.readUnsignedByte() & 0x7f;
			if (length == 126) {
				length = this.in.readUnsignedShort();
			}
			byte[] payload = new byte[length];
			this.in.readFully(payload);
			return new String(payload, StandardCharsets.UTF_8);
		}

		/** A client's text frame, masked (RFC 6455 §5.3). */
		static byte[] maskedText(String text) {
			byte[] payload = text.getBytes(StandardCharsets.UTF_8);
			ByteArrayOutputStream frame = new ByteArrayOutputStream();
			frame.write(0x81);
			if (payload.length < 126) {
				frame.write(0x80 | payload.length);
			}
			else {
				frame.write(0x80 | 126);
				frame.write(payload.length >> 8);
				frame.write(payload.length & 0xff);
			}
			byte[] mask = new byte[4];
			ThreadLocalRandom.current().nextBytes(mask);
			frame.writeBytes(mask);
			for (int i = 0; i < payload.length; i++) {
				frame.write(payload[i] ^ mask[i & 3]);
			}
			return frame.toByteArray();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
