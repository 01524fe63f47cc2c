package im.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * Many STOMP subscribers on few threads, as light as a generator can be: plain sockets on
 * two selector threads, WebSocket frames read as bytes, and of each MESSAGE only the
 * number after {@code "sentAt":} (a {@code System.nanoTime()} of this process) is read.
 * The JDK's WebSocket client decodes every frame into text and costs the generator about
 * as much CPU per delivery as the server spends, which on a machine shared with the
 * server hid the server's limit.
 */
final class RawSubscribers implements AutoCloseable {

	private static final byte[] SENT_AT = "\"sentAt\":".getBytes(StandardCharsets.US_ASCII);

	private final List<Connection> connections = new ArrayList<>();

	private final List<Loop> loops = new ArrayList<>();

	private final AtomicInteger ready = new AtomicInteger();

	private final AtomicInteger failed = new AtomicInteger();

	private final LongConsumer latencyNanos;

	private final String readyCommand;

	/**
	 * @param readyCommand the frame that tells a subscriber is in the room: RECEIPT, or
	 * CONNECTED where the server sends no receipts
	 * @param latencyNanos told the latency of each delivery, on a selector thread
	 */
	RawSubscribers(String readyCommand, LongConsumer latencyNanos) throws IOException {
		this.readyCommand = readyCommand;
		this.latencyNanos = latencyNanos;
		for (int i = 0; i < 2; i++) {
			Loop loop = new Loop(Selector.open());
			this.loops.add(loop);
			Thread.ofPlatform().daemon().name("subscribers-" + i).start(loop);
		}
	}

	/** Opens a WebSocket, connects as a guest and subscribes to the destination. */
	void open(URI ws, String destination) throws IOException {
		SocketChannel channel = SocketChannel.open(new InetSocketAddress(ws.getHost(), ws.getPort()));
		channel.socket().setTcpNoDelay(true);
		handshake(channel, ws);
		Connection connection = new Connection(channel);
		connection.send("CONNECT\naccept-version:1.2\nhost:" + ws.getHost() + "\nheart-beat:0,0\nguest:true\n\n\0");
		connection.send("SUBSCRIBE\nid:room\ndestination:" + destination + "\nreceipt:joined\n\n\0");
		channel.configureBlocking(false);
		this.connections.add(connection);
		Loop loop = this.loops.get(this.connections.size() % this.loops.size());
		loop.register(connection);
	}

	int ready() {
		return this.ready.get();
	}

	int failed() {
		return this.failed.get();
	}

	@Override
	public void close() {
		for (Connection connection : this.connections) {
			try {
				connection.channel.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
		for (Loop loop : this.loops) {
			loop.running = false;
			loop.selector.wakeup();
		}
	}

	private static void handshake(SocketChannel channel, URI ws) throws IOException {
		byte[] nonce = new byte[16];
		ThreadLocalRandom.current().nextBytes(nonce);
		String request = "GET " + ws.getPath() + " HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort()
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
				+ Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
		channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
		// the server says nothing more until the CONNECT: read the response byte by byte
		ByteBuffer one = ByteBuffer.allocate(1);
		StringBuilder response = new StringBuilder();
		while (!response.toString().endsWith("\r\n\r\n")) {
			one.clear();
			if (channel.read(one) < 0) {
				throw new IOException("Closed during the handshake: " + response);
			}
			response.append((char) one.get(0));
		}
		if (!response.toString().startsWith("HTTP/1.1 101")) {
			throw new IOException("Handshake refused: " + response);
		}
	}

	/** One selector thread and its connections. */
	private final class Loop implements Runnable {

		private final Selector selector;

		private final List<Connection> pending = new ArrayList<>();

		private volatile boolean running = true;

		Loop(Selector selector) {
			this.selector = selector;
		}

		void register(Connection connection) {
			synchronized (this.pending) {
				this.pending.add(connection);
			}
			this.selector.wakeup();
		}

		@Override
		public void run() {
			ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
			while (this.running) {
				try {
					this.selector.select(1000);
					synchronized (this.pending) {
						for (Connection connection : this.pending) {
							connection.channel.register(this.selector, SelectionKey.OP_READ, connection);
						}
						this.pending.clear();
					}
					for (SelectionKey key : this.selector.selectedKeys()) {
						Connection connection = (Connection) key.attachment();
						buffer.clear();
						int read;
						try {
							read = connection.channel.read(buffer);
						}
						catch (IOException ex) {
							read = -1;
						}
						if (read < 0) {
							key.cancel();
							connection.lost();
							continue;
						}
						buffer.flip();
						connection.received(buffer);
					}
					this.selector.selectedKeys().clear();
				}
				catch (IOException | RuntimeException ex) {
					System.err.println("subscriber loop: " + ex);
				}
			}
		}

	}

	/** One WebSocket: parses the server's (unmasked) frames as they arrive. */
	private final class Connection {

		private final SocketChannel channel;

		/** Bytes of a frame not complete yet. */
		private byte[] carry = new byte[0];

		/** The message being assembled from fragments. */
		private byte[] message = new byte[1024];

		private int messageLength;

		private boolean closed;

		Connection(SocketChannel channel) {
			this.channel = channel;
		}

		/** A masked text frame, written while the channel still blocks. */
		void send(String text) throws IOException {
			ByteBuffer frame = ClientFrames.maskedText(text);
			while (frame.hasRemaining()) {
				this.channel.write(frame);
			}
		}

		void received(ByteBuffer input) {
			ByteBuffer data = input;
			if (this.carry.length > 0) {
				ByteBuffer joined = ByteBuffer.allocate(this.carry.length + input.remaining());
				joined.put(this.carry).put(input).flip();
				data = joined;
				this.carry = new byte[0];
			}
			while (data.remaining() >= 2) {
				int start = data.position();
				int first = data.get(start) & 0xff;
				int second = data.get(start + 1) & 0x7f;
				int header = 2;
				long length = second;
				if (second == 126) {
					header = 4;
					if (data.remaining() < header) {
						break;
					}
					length = data.getShort(start + 2) & 0xffff;
				}
				else if (second == 127) {
					header = 10;
					if (data.remaining() < header) {
						break;
					}
					length = data.getLong(start + 2);
				}
				if (data.remaining() < header + length) {
					break;
				}
				int opcode = first & 0x0f;
				boolean fin = (first & 0x80) != 0;
				append(data, start + header, (int) length);
				data.position(start + header + (int) length);
				if (opcode == 8) {
					lost();
					return;
				}
				if (fin && opcode != 9 && opcode != 10) {
					message();
					this.messageLength = 0;
				}
			}
			if (data.hasRemaining()) {
				this.carry = new byte[data.remaining()];
				data.get(this.carry);
			}
		}

		private void append(ByteBuffer data, int from, int length) {
			if (this.messageLength + length > this.message.length) {
				this.message = java.util.Arrays.copyOf(this.message,
						Math.max(this.message.length * 2, this.messageLength + length));
			}
			data.get(from, this.message, this.messageLength, length);
			this.messageLength += length;
		}

		/**
		 * One WebSocket message: one STOMP frame, or several back to back (a server may
		 * write a connection's waiting frames together), each ending in NUL.
		 */
		private void message() {
			int from = 0;
			while (from < this.messageLength) {
				int end = from;
				while (end < this.messageLength && this.message[end] != 0) {
					end++;
				}
				frame(from, end);
				from = end + 1;
				// heart-beat newlines between frames
				while (from < this.messageLength && (this.message[from] == '\n' || this.message[from] == '\r')) {
					from++;
				}
			}
		}

		private void frame(int from, int end) {
			if (startsWith(from, end, "MESSAGE")) {
				int at = indexOf(SENT_AT, from, end);
				if (at >= 0) {
					long sentAt = 0;
					for (int i = at + SENT_AT.length; i < end; i++) {
						byte digit = this.message[i];
						if (digit < '0' || digit > '9') {
							break;
						}
						sentAt = sentAt * 10 + (digit - '0');
					}
					RawSubscribers.this.latencyNanos.accept(System.nanoTime() - sentAt);
				}
			}
			else if (startsWith(from, end, RawSubscribers.this.readyCommand)) {
				RawSubscribers.this.ready.incrementAndGet();
			}
			else if (startsWith(from, end, "ERROR")) {
				System.err
					.println("ERROR frame: " + new String(this.message, from, end - from, StandardCharsets.UTF_8));
			}
		}

		private boolean startsWith(int from, int end, String command) {
			if (end - from < command.length()) {
				return false;
			}
			for (int i = 0; i < command.length(); i++) {
				if (this.message[from + i] != command.charAt(i)) {
					return false;
				}
			}
			return true;
		}

		private int indexOf(byte[] marker, int from, int end) {
			outer: for (int i = from; i <= end - marker.length; i++) {
				for (int j = 0; j < marker.length; j++) {
					if (this.message[i + j] != marker[j]) {
						continue outer;
					}
				}
				return i;
			}
			return -1;
		}

		void lost() {
			if (!this.closed) {
				this.closed = true;
				RawSubscribers.this.failed.incrementAndGet();
			}
		}

	}

}
