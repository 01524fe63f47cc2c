package im.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Authenticated connections: how fast the server takes them, and how a reconnect storm
 * goes. Each connection does what a client does at start: the WebSocket handshake, STOMP
 * CONNECT with an access token, and four SUBSCRIBEs with receipts (messages, events,
 * pushes, errors); it counts as connected at its fourth RECEIPT.
 * <p>
 * First the connections are opened with at most {@code --concurrency} under way at once
 * (the server's accept rate and its CPU per connection); then every connection is dropped
 * at once (a reset, as when an instance dies and the load balancer cuts its clients) and
 * all reconnect together: the time until the last one is connected again, and the p50/p99
 * of one connect. The connections belong to {@code --users} users (register them takes a
 * password hash each), so the server needs {@code --im.presence.max-devices} of at least
 * connections / users. Before anything is measured, {@code --warmup} connections are
 * opened and reset {@code --warmup-rounds} times, so that the server's JIT is done with
 * the connection path. Usage: {@code --base http://127.0.0.1:8080 --server-pid 1234
 * --users 400 --connections 19000 --concurrency 200 --warmup 10000 --warmup-rounds 4}.
 * <p>
 * One selector thread runs every connection: the generator should cost far less than the
 * server per connection.
 */
public final class ConnectBenchmark {

	private static final String[] QUEUES = { "/user/queue/messages", "/user/queue/events", "/user/queue/push",
			"/user/queue/errors" };

	private final URI base;

	private final long serverPid;

	private final int users;

	private final int connections;

	private final int concurrency;

	private final int warmup;

	private final int warmupRounds;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private ConnectBenchmark(Map<String, String> options) {
		this.base = URI.create(options.getOrDefault("base", "http://127.0.0.1:8080"));
		this.serverPid = Long.parseLong(options.getOrDefault("server-pid", "0"));
		this.users = Integer.parseInt(options.getOrDefault("users", "400"));
		this.connections = Integer.parseInt(options.getOrDefault("connections", "10000"));
		this.concurrency = Integer.parseInt(options.getOrDefault("concurrency", "200"));
		this.warmup = Integer.parseInt(options.getOrDefault("warmup", "5000"));
		this.warmupRounds = Integer.parseInt(options.getOrDefault("warmup-rounds", "4"));
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new ConcurrentHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		new ConnectBenchmark(options).run();
	}

	private void run() throws Exception {
		String run = Long.toString(System.currentTimeMillis(), 36);
		System.out.printf("registering %d users at %s%n", this.users, this.base);
		List<String> tokens = register(run);
		List<Connection> all = new ArrayList<>();
		for (int i = 0; i < this.connections; i++) {
			all.add(new Connection(tokens.get(i % tokens.size()), "d" + i));
		}
		// warm-up: the server's JIT compiles the connection path before anything is
		// measured. Code that runs once per connection reaches the JIT's last tier after
		// about 15,000 connections; until then it runs in a slower, profiling form, and
		// on one core the compiler takes turns with the server: with 3,000 connections of
		// warm-up, the compiler had 44% of the core through the measured phases.
		List<Connection> warmup = all.subList(0, Math.min(this.warmup, all.size()));
		for (int round = 1; round <= this.warmupRounds; round++) {
			long cpuFrom = ProcCpu.processNanos(this.serverPid);
			open(warmup, this.concurrency);
			warmup.forEach(Connection::reset);
			ProcCpu.awaitQuiet(this.serverPid, Duration.ofMinutes(1));
			System.out.printf("warm-up round %d: %d connections opened and reset, %.2f ms of server CPU each%n", round,
					warmup.size(), (ProcCpu.processNanos(this.serverPid) - cpuFrom) / 1e6 / warmup.size());
		}
		System.out.println();
		System.out.println("RESULT (authenticated connections: handshake, CONNECT, 4 SUBSCRIBEs with receipts)");
		Phase opening = open(all, this.concurrency);
		opening.print("opened, at most " + this.concurrency + " at once");
		// the server notices the resets and closes the sessions; then everyone comes back
		long closingFrom = ProcCpu.processNanos(this.serverPid);
		all.forEach(Connection::reset);
		ProcCpu.awaitQuiet(this.serverPid, Duration.ofMinutes(1));
		System.out.printf("  closing the %d reset connections: server CPU %.1f s, %.2f ms per connection%n", all.size(),
				(ProcCpu.processNanos(this.serverPid) - closingFrom) / 1e9,
				(ProcCpu.processNanos(this.serverPid) - closingFrom) / 1e6 / all.size());
		Phase storm = open(all, this.connections);
		storm.print("reconnect storm, all " + this.connections + " at once");
		System.exit(0);
	}

	/** Opens every connection, with at most {@code atOnce} under way. */
	private Phase open(List<Connection> all, int atOnce) throws IOException {
		long serverBefore = ProcCpu.processNanos(this.serverPid);
		long started = System.nanoTime();
		Queue<Connection> waiting = new ArrayDeque<>(all);
		long[] took = new long[all.size()];
		int done = 0;
		int failed = 0;
		int underWay = 0;
		try (Selector selector = Selector.open()) {
			long deadline = started + TimeUnit.MINUTES.toNanos(5);
			while (done + failed < all.size() && System.nanoTime() < deadline) {
				while (underWay < atOnce && !waiting.isEmpty()) {
					waiting.poll().start(selector, this.base);
					underWay++;
				}
				selector.select(100);
				for (SelectionKey key : selector.selectedKeys()) {
					Connection connection = (Connection) key.attachment();
					if (!connection.step(key)) {
						continue;
					}
					underWay--;
					if (connection.failure == null) {
						took[done++] = System.nanoTime() - connection.started;
					}
					else {
						failed++;
						if (failed <= 5) {
							System.out.println("  failed: " + connection.failure);
						}
					}
				}
				selector.selectedKeys().clear();
			}
		}
		long elapsed = System.nanoTime() - started;
		long serverCpu = ProcCpu.processNanos(this.serverPid) - serverBefore;
		return new Phase(done, failed, all.size() - done - failed, elapsed, serverCpu, Arrays.copyOf(took, done));
	}

	private List<String> register(String run) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<CompletableFuture<String>> registering = new ArrayList<>();
		for (int i = 0; i < this.users; i++) {
			String username = "conn-" + run + "-" + i;
			registering.add(CompletableFuture.supplyAsync(() -> token(username), pool));
		}
		List<String> tokens = new ArrayList<>();
		for (CompletableFuture<String> token : registering) {
			tokens.add(token.get());
		}
		pool.shutdown();
		return tokens;
	}

	private String token(String username) {
		String password = "bench-sesame-" + Integer.toHexString(username.hashCode());
		post("/api/v1/auth/register", "{\"username\":\"" + username + "\",\"displayName\":\"" + username
				+ "\",\"password\":\"" + password + "\"}");
		return ChatBenchmark.field(
				post("/api/v1/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"),
				"accessToken");
	}

	private String post(String path, String json) {
		try {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(this.base.resolve(path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() >= 300) {
				throw new IllegalStateException(path + ": " + response.statusCode() + " " + response.body());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException(path + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** What opening a set of connections took. */
	private record Phase(int connected, int failed, int unfinished, long elapsedNanos, long serverCpuNanos,
			long[] tookNanos) {

		void print(String what) {
			Arrays.sort(this.tookNanos);
			double seconds = this.elapsedNanos / 1e9;
			System.out.printf(
					"  %s: %d connected, %d failed, %d unfinished in %.1f s (%.0f/s); connect p50 %.0f ms, p99 %.0f ms,"
							+ " max %.0f ms; server CPU %.1f s (%.0f%% of one core), %.2f ms per connection%n",
					what, this.connected, this.failed, this.unfinished, seconds, this.connected / seconds,
					percentile(50), percentile(99), percentile(100), this.serverCpuNanos / 1e9,
					100.0 * this.serverCpuNanos / this.elapsedNanos,
					(this.connected > 0) ? this.serverCpuNanos / 1e6 / this.connected : 0.0);
		}

		private double percentile(int p) {
			if (this.tookNanos.length == 0) {
				return 0;
			}
			int rank = (int) Math.ceil(p / 100.0 * this.tookNanos.length) - 1;
			return this.tookNanos[Math.max(0, rank)] / 1e6;
		}

	}

	/**
	 * One client's connection, as a state machine driven by the selector: connecting,
	 * upgrading, then STOMP frames until the fourth RECEIPT.
	 */
	private static final class Connection {

		private final String token;

		private final String deviceId;

		private SocketChannel channel;

		private long started;

		private String failure;

		/** 0 connecting, 1 upgrading, 2 awaiting CONNECTED, 3 awaiting receipts. */
		private int state;

		private int receipts;

		private ByteBuffer out;

		private final ByteBuffer in = ByteBuffer.allocate(8192);

		Connection(String token, String deviceId) {
			this.token = token;
			this.deviceId = deviceId;
		}

		void start(Selector selector, URI base) throws IOException {
			this.started = System.nanoTime();
			this.failure = null;
			this.state = 0;
			this.receipts = 0;
			this.in.clear();
			this.channel = SocketChannel.open();
			this.channel.configureBlocking(false);
			this.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			this.channel.connect(new InetSocketAddress(base.getHost(), base.getPort()));
			this.channel.register(selector, SelectionKey.OP_CONNECT, this);
			byte[] nonce = new byte[16];
			ThreadLocalRandom.current().nextBytes(nonce);
			this.out = ByteBuffer.wrap(("GET /ws HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
					+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
					+ Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		}

		/** Drops the connection with a reset, as a dead instance's clients see it. */
		void reset() {
			try {
				if (this.channel != null && this.channel.isOpen()) {
					this.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
					this.channel.close();
				}
			}
			catch (IOException ex) {
				// gone anyway
			}
		}

		/**
		 * Moves on with what the key says; whether the connection is done (or failed).
		 */
		boolean step(SelectionKey key) {
			try {
				if (key.isConnectable()) {
					this.channel.finishConnect();
					key.interestOps(SelectionKey.OP_WRITE);
				}
				if (key.isValid() && key.isWritable()) {
					this.channel.write(this.out);
					if (!this.out.hasRemaining()) {
						if (this.state == 0) {
							this.state = 1;
						}
						key.interestOps(SelectionKey.OP_READ);
					}
				}
				if (key.isValid() && key.isReadable()) {
					if (this.channel.read(this.in) < 0) {
						throw new IOException("closed by the server in state " + this.state);
					}
					this.in.flip();
					boolean finished = consume(key);
					this.in.compact();
					if (finished) {
						key.cancel();
						return true;
					}
				}
				return false;
			}
			catch (IOException | RuntimeException ex) {
				this.failure = ex.toString();
				key.cancel();
				reset();
				return true;
			}
		}

		/** Reads what arrived; whether the fourth receipt came. */
		private boolean consume(SelectionKey key) throws IOException {
			if (this.state == 1) {
				String head = StandardCharsets.US_ASCII.decode(this.in.duplicate()).toString();
				int end = head.indexOf("\r\n\r\n");
				if (end < 0) {
					return false;
				}
				if (!head.startsWith("HTTP/1.1 101")) {
					throw new IOException("handshake refused: " + head.lines().findFirst().orElse(""));
				}
				this.in.position(this.in.position() + end + 4);
				this.state = 2;
				send(key, "CONNECT\naccept-version:1.2\nhost:" + "127.0.0.1" + "\nheart-beat:0,0\ndevice-id:"
						+ this.deviceId + "\nAuthorization:Bearer " + this.token + "\n\n\0");
			}
			while (this.in.remaining() >= 2) {
				int start = this.in.position();
				int length = this.in.get(start + 1) & 0x7f;
				int header = 2;
				if (length == 126) {
					if (this.in.remaining() < 4) {
						return false;
					}
					length = this.in.getShort(start + 2) & 0xffff;
					header = 4;
				}
				else if (length == 127) {
					throw new IOException("a frame larger than 64 KB during set-up");
				}
				if (this.in.remaining() < header + length) {
					return false;
				}
				String frame = new String(this.in.array(), start + header, length, StandardCharsets.UTF_8);
				this.in.position(start + header + length);
				if (frame.startsWith("ERROR")) {
					throw new IOException("ERROR frame: " + frame.lines().limit(4).toList());
				}
				if (this.state == 2 && frame.startsWith("CONNECTED")) {
					this.state = 3;
					// a frame each, as @stomp/stompjs sends them, written together as
					// they
					// leave a client that subscribes to four queues at once
					ByteBuffer[] subscribes = new ByteBuffer[QUEUES.length];
					int bytes = 0;
					for (int i = 0; i < QUEUES.length; i++) {
						subscribes[i] = ClientFrames.maskedText(
								"SUBSCRIBE\nid:s" + i + "\ndestination:" + QUEUES[i] + "\nreceipt:r" + i + "\n\n\0");
						bytes += subscribes[i].remaining();
					}
					ByteBuffer together = ByteBuffer.allocate(bytes);
					for (ByteBuffer subscribe : subscribes) {
						together.put(subscribe);
					}
					write(key, together.flip());
				}
				else if (this.state == 3 && frame.startsWith("RECEIPT") && ++this.receipts == QUEUES.length) {
					return true;
				}
			}
			return false;
		}

		/** One masked text frame (a client's frames are masked, RFC 6455 §5.3). */
		private void send(SelectionKey key, String text) throws IOException {
			write(key, ClientFrames.maskedText(text));
		}

		private void write(SelectionKey key, ByteBuffer frame) throws IOException {
			this.channel.write(frame);
			if (frame.hasRemaining()) {
				this.out = frame;
				key.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
			}
		}

	}

}
