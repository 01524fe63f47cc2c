package im.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal STOMP 1.2 client on the JDK's WebSocket, written from the protocol as a
 * mobile or web client would be. Tests use it to see exactly which frames the server
 * sends and when it closes the connection.
 */
public final class RawStompClient implements AutoCloseable {

	private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();

	private final Map<String, BlockingQueue<Frame>> subscriptions = new ConcurrentHashMap<>();

	private final CompletableFuture<Integer> closed = new CompletableFuture<>();

	/** Why the connection closed: the close frame's reason, or the failure. */
	private volatile String closeReason;

	private final WebSocket socket;

	private final Listener listener;

	private RawStompClient(WebSocket socket, Listener listener) {
		this.socket = socket;
		this.listener = listener;
	}

	/**
	 * Opens the WebSocket; {@code origin} may be null (a non-browser client sends none).
	 */
	public static RawStompClient open(int port, String origin) {
		return open(HttpClient.newHttpClient(), port, origin);
	}

	/**
	 * A connection signed in with the access token (CONNECTED), with no origin and no
	 * heart-beats: what most tests start from.
	 */
	public static RawStompClient signedIn(int port, String accessToken) {
		RawStompClient client = open(port, null);
		Frame connected = client.connect(accessToken);
		if (connected == null || !"CONNECTED".equals(connected.command())) {
			client.close();
			throw new IllegalStateException("CONNECT was answered " + connected);
		}
		return client;
	}

	/**
	 * Opens the WebSocket through the given client, which may hand the handshake a
	 * connection from its pool, one that already carried HTTP requests.
	 */
	public static RawStompClient open(HttpClient http, int port, String origin) {
		Listener listener = new Listener();
		WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
		if (origin != null) {
			builder.header("Origin", origin);
		}
		WebSocket socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), listener).join();
		RawStompClient client = new RawStompClient(socket, listener);
		listener.client = client;
		return client;
	}

	/**
	 * Sends CONNECT with the given token (none when null) and returns the server's
	 * answer.
	 */
	public Frame connect(String accessToken) {
		return connect(accessToken, "0,0");
	}

	/** CONNECT asking for the given heart-beats ("cx,cy" in milliseconds, STOMP 1.2). */
	public Frame connect(String accessToken, String heartBeat) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("accept-version", "1.2");
		headers.put("host", "127.0.0.1");
		headers.put("heart-beat", heartBeat);
		if (accessToken != null) {
			headers.put("Authorization", "Bearer " + accessToken);
		}
		send("CONNECT", headers, "");
		return next(Duration.ofSeconds(5));
	}

	public void send(String command, Map<String, String> headers, String body) {
		sendTogether(new Frame(command, headers, body));
	}

	/** Sends text as it is, frames or not: what a broken or hostile client sends. */
	public void sendText(String text) {
		this.socket.sendText(text, true).join();
	}

	/**
	 * Sends bytes as a binary WebSocket message: STOMP allows both, and any bytes fit.
	 */
	public void sendBytes(byte[] bytes) {
		this.socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
	}

	/** Whether the server has closed the connection (or it failed). */
	public boolean isClosed() {
		return this.closed.isDone();
	}

	/**
	 * Sends frames in one WebSocket message, as STOMP allows: the server takes each up
	 * while it may still be handling the one before.
	 */
	public void sendTogether(Frame... frames) {
		StringBuilder text = new StringBuilder();
		for (Frame frame : frames) {
			text.append(frame.command()).append('\n');
			// STOMP 1.2 escapes header values in every frame but CONNECT
			frame.headers()
				.forEach((name, value) -> text.append(name)
					.append(':')
					.append(frame.command().equals("CONNECT") ? value : Frame.escape(value))
					.append('\n'));
			text.append('\n').append(frame.body()).append('\u0000');
		}
		this.socket.sendText(text.toString(), true).join();
	}

	/**
	 * Subscribes and waits for the server's RECEIPT, so that nothing sent to the
	 * destination afterwards can be missed. MESSAGE frames for it are then read with
	 * {@link #nextOn}.
	 */
	public void subscribe(String id, String destination) {
		this.subscriptions.put(id, new LinkedBlockingQueue<>());
		send("SUBSCRIBE", Map.of("id", id, "destination", destination, "receipt", "sub-" + id), "");
		Frame receipt = next(Duration.ofSeconds(5));
		if (receipt == null || !"RECEIPT".equals(receipt.command())) {
			throw new IllegalStateException("No receipt for SUBSCRIBE " + destination + ": " + receipt);
		}
	}

	/** Sends a JSON body to an application destination. */
	public void sendJson(String destination, String json) {
		send("SEND", Map.of("destination", destination, "content-type", "application/json"), json);
	}

	/** The next MESSAGE on a subscription, or null if none comes in time. */
	public Frame nextOn(String subscriptionId, Duration timeout) {
		try {
			return this.subscriptions.get(subscriptionId).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/** The next frame from the server, or null if none comes in time. */
	public Frame next(Duration timeout) {
		try {
			return this.frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * The close frame's reason, or the failure that ended the connection; null while
	 * open.
	 */
	public String closeReason() {
		return this.closeReason;
	}

	/**
	 * The WebSocket close status code once the server closes, or null if it stays open.
	 */
	public Integer awaitClose(Duration timeout) {
		try {
			return this.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			return null;
		}
	}

	/**
	 * Stops reading from the connection, as a client stuck on a slow network would: what
	 * the server sends piles up in the socket buffers.
	 */
	public void stopReading() {
		this.listener.paused = true;
	}

	/** Reads again: what piled up arrives, then the close if the server closed. */
	public void resumeReading() {
		this.listener.paused = false;
		this.socket.request(1);
	}

	@Override
	public void close() {
		if (!this.socket.isOutputClosed()) {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally((ex) -> null);
		}
		this.socket.abort();
	}

	private void accept(Frame frame) {
		BlockingQueue<Frame> subscription = "MESSAGE".equals(frame.command())
				? this.subscriptions.get(frame.header("subscription")) : null;
		((subscription != null) ? subscription : this.frames).add(frame);
	}

	/** A STOMP frame: command, headers, body. */
	public record Frame(String command, Map<String, String> headers, String body) {

		public String header(String name) {
			return this.headers.get(name);
		}

		static Frame parse(String text) {
			int end = text.indexOf('\u0000');
			String raw = (end >= 0) ? text.substring(0, end) : text;
			int blank = raw.indexOf("\n\n");
			String head = (blank >= 0) ? raw.substring(0, blank) : raw;
			String body = (blank >= 0) ? raw.substring(blank + 2) : "";
			String[] lines = head.split("\n");
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon > 0) {
					headers.putIfAbsent(unescape(lines[i].substring(0, colon)),
							unescape(lines[i].substring(colon + 1)));
				}
			}
			return new Frame(lines[0], headers, body);
		}

		static String escape(String value) {
			return value.replace("\\", "\\\\").replace(":", "\\c").replace("\n", "\\n").replace("\r", "\\r");
		}

		private static String unescape(String value) {
			return value.replace("\\c", ":").replace("\\n", "\n").replace("\\r", "\r").replace("\\\\", "\\");
		}

	}

	private static final class Listener implements WebSocket.Listener {

		private final StringBuilder partial = new StringBuilder();

		private RawStompClient client;

		private volatile boolean paused;

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				String text = this.partial.toString();
				this.partial.setLength(0);
				if (!text.isBlank()) {
					this.client.accept(Frame.parse(text));
				}
			}
			if (!this.paused) {
				webSocket.request(1);
			}
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.client.closeReason = reason;
			this.client.closed.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.client.closeReason = String.valueOf(error);
			this.client.closed.complete(-1);
		}

	}

}
