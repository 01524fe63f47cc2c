package im.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Persisted one-to-one chat under load, as clients do it: pairs of users, each on its own
 * STOMP connection, send to each other at a fixed total rate for a fixed time. Reports
 * the rate stored and delivered, the latency from send to the peer's receipt (p50, p99,
 * max), and every acknowledged message that was lost or delivered twice; with
 * {@code --server-pid} (a server on this machine) also the server's CPU per message, and
 * how busy the whole machine was; with {@code --cpu-of} the CPU per message of groups of
 * processes, each named by a part of their command line (say a cluster's instances, its
 * Kafka broker and PostgreSQL), to tell where a change of cost went. JDK only, so it runs
 * anywhere.
 * <p>
 * The sends are spread evenly over each period. The two users of a pair send half a
 * period apart ({@code --partners apart}), as a conversation's turns alternate; with
 * {@code --partners together} each sends right after its peer (a period divided by the
 * number of users later), every round, which is what the benchmark did before 2026-12-01:
 * with the parties on two cluster instances, the two then compete for the conversation's
 * lock at nearly every round.
 * <p>
 * With {@code --peer-base}, {@code --placement across} (the default) connects the second
 * user of each pair there, so every delivery crosses to the other instance;
 * {@code --placement alongside} connects every other pair, both users, there instead:
 * both instances store and deliver as much as across, and nothing crosses. The difference
 * between the two is what crossing costs, apart from what running two instances on the
 * machine costs. Against cluster instances it also reports their own timings of the hop
 * between them over the measured window ({@link HopHistograms}), read from their metrics
 * as the administrator ({@code --admin-password}).
 * <p>
 * With {@code --group-size N} (more than 2) the users form groups of N instead of pairs,
 * each a group conversation, and every message is delivered to the N - 1 other members:
 * latencies are per delivery, and the CPU is reported per message and per delivery. The
 * users send one after another, evenly over the period.
 *
 * <pre>java -cp im-bench/target/classes im.bench.ChatBenchmark [--base http://127.0.0.1:8080]
 *     [--peer-base http://127.0.0.1:8082] [--server-pid 1234]
 *     [--cpu-of "instances=im-api.jar;postgres=postgres:"]
 *     [--pairs 200] [--rate 3200] [--seconds 60] [--warmup 10] [--partners apart]
 *     [--placement across] [--admin-password secret] [--group-size 2]</pre>
 */
public final class ChatBenchmark {

	private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"((?:[^\"\\\\]|\\\\.)*)\"|-?\\d+)");

	private final String base;

	/** Where the second user of each pair connects: another instance of a cluster. */
	private final String peerBase;

	private final int pairs;

	private final int rate;

	private final int seconds;

	/**
	 * The first seconds of sending, whose latencies are not recorded (JIT compilation,
	 * pools filling).
	 */
	private final int warmup;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong acked = new AtomicLong();

	private final AtomicLong errors = new AtomicLong();

	private final AtomicLong duplicates = new AtomicLong();

	private final Set<String> ackedIds = ConcurrentHashMap.newKeySet();

	/**
	 * What was received: a message's {@code clientMsgId}, '@', the receiver's user id.
	 */
	private final Set<String> receivedIds = ConcurrentHashMap.newKeySet();

	/** Users to a conversation: 2, a direct conversation; more, a group. */
	private final int groupSize;

	private final long[] latencies;

	private final AtomicInteger latencyCount = new AtomicInteger();

	/**
	 * Send to the sender's own acknowledgement: the stored path alone, without delivery.
	 */
	private final long[] ackLatencies;

	private final AtomicInteger ackLatencyCount = new AtomicInteger();

	private final long serverPid;

	/** The administrator's password, to read the instances' metrics; null: not read. */
	private final String adminPassword;

	/** Label to a part of the command line of the processes it sums. */
	private final Map<String, String> cpuOf = new LinkedHashMap<>();

	/** Whether the users of a pair send one right after the other rather than apart. */
	private final boolean partnersTogether;

	/** Whether whole pairs alternate between the instances rather than straddle them. */
	private final boolean pairsAlongside;

	private volatile boolean measuring;

	private volatile long lastDelivery;

	/** When sending started (nanoTime), for {@link #slowestBySecond}. */
	private volatile long sendingStarted;

	/**
	 * The slowest delivery of the messages sent in each second of the run (ns): a tail
	 * made by one stall of the server shows as a few slow seconds, a tail of steady
	 * queueing as many.
	 */
	private final AtomicLongArray slowestBySecond = new AtomicLongArray(3600);

	private ChatBenchmark(Map<String, String> options) {
		this.base = options.getOrDefault("base", "http://127.0.0.1:8080");
		this.peerBase = options.getOrDefault("peer-base", this.base);
		this.pairs = Integer.parseInt(options.getOrDefault("pairs", "200"));
		this.rate = Integer.parseInt(options.getOrDefault("rate", "3200"));
		this.seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
		this.warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
		this.partnersTogether = switch (options.getOrDefault("partners", "apart")) {
			case "apart" -> false;
			case "together" -> true;
			default -> throw new IllegalArgumentException("--partners is apart or together");
		};
		this.pairsAlongside = switch (options.getOrDefault("placement", "across")) {
			case "across" -> false;
			case "alongside" -> true;
			default -> throw new IllegalArgumentException("--placement is across or alongside");
		};
		this.serverPid = Long.parseLong(options.getOrDefault("server-pid", "0"));
		this.adminPassword = options.get("admin-password");
		for (String group : options.getOrDefault("cpu-of", "").split(";")) {
			if (group.contains("=")) {
				this.cpuOf.put(group.substring(0, group.indexOf('=')), group.substring(group.indexOf('=') + 1));
			}
		}
		this.groupSize = Integer.parseInt(options.getOrDefault("group-size", "2"));
		if (this.groupSize < 2 || (this.pairs * 2) % this.groupSize != 0) {
			throw new IllegalArgumentException("--group-size must be at least 2 and divide the users (2 x pairs)");
		}
		this.latencies = new long[this.rate * (this.seconds + 30) * (this.groupSize - 1)];
		this.ackLatencies = new long[this.latencies.length];
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new ConcurrentHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		new ChatBenchmark(options).run();
	}

	private void run() throws Exception {
		String run = Long.toString(System.currentTimeMillis(), 36);
		System.out.printf("setting up %s (%d users) against %s%s%n",
				(this.groupSize == 2) ? this.pairs + " pairs"
						: (this.pairs * 2 / this.groupSize) + " groups of " + this.groupSize,
				this.pairs * 2, this.base, this.peerBase.equals(this.base) ? "" : this.pairsAlongside
						? ", every other pair connected to " + this.peerBase : ", peers connected to " + this.peerBase);
		List<Client> clients = setUp(run);
		// the set-up (registrations, sign-ins, connections) leaves the server's JIT work
		// that would otherwise land in the measurement, its CPU and its latency
		Duration settled = ProcCpu.awaitQuiet(this.serverPid, Duration.ofSeconds(30));
		System.out.printf("the server was quiet %.1f s after the set-up%n", settled.toMillis() / 1e3);
		long cpuBefore = cpuNanos();
		long serverCpuBefore = ProcCpu.processNanos(this.serverPid);
		long[] machineBefore = ProcCpu.machineNanos();
		Map<String, Long> groupsBefore = groupNanos();
		ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2);
		long periodMicros = 1_000_000L * clients.size() / this.rate;
		System.out.printf("sending %d msg/s in total (each client every %d ms, %s) for %d s%n", this.rate,
				periodMicros / 1000, (this.groupSize > 2) ? "one after another"
						: this.partnersTogether ? "partners together" : "partners half a period apart",
				this.seconds);
		long start = System.nanoTime();
		this.sendingStarted = start;
		for (int i = 0; i < clients.size(); i++) {
			Client client = clients.get(i);
			ticker.scheduleAtFixedRate(client::sendOne, (periodMicros * slot(i)) / clients.size(), periodMicros,
					TimeUnit.MICROSECONDS);
		}
		List<String> instances = this.peerBase.equals(this.base) ? List.of(this.base)
				: List.of(this.base, this.peerBase);
		HopHistograms hopBefore = null;
		for (int s = 1; s <= this.seconds; s++) {
			Thread.sleep(1000);
			if (s == this.warmup) {
				this.measuring = true;
				hopBefore = hopHistograms(instances);
			}
			if (s % 10 == 0) {
				System.out.printf("  %3d s: sent %d, acknowledged %d, received %d, errors %d%n", s, this.sent.get(),
						this.acked.get(), this.receivedIds.size(), this.errors.get());
			}
		}
		ticker.shutdownNow();
		long sendingNanos = System.nanoTime() - start;
		// let everything in flight arrive: wait while it still moves, at most 5 minutes
		long drainUntil = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
		long lastProgress = System.nanoTime();
		long seen = -1;
		while (System.nanoTime() < drainUntil && System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(3)
				&& (this.receivedIds.size() < (long) this.ackedIds.size() * (this.groupSize - 1)
						|| this.acked.get() + this.errors.get() < this.sent.get())) {
			long now = this.receivedIds.size() + this.acked.get() + this.errors.get();
			if (now != seen) {
				seen = now;
				lastProgress = System.nanoTime();
			}
			Thread.sleep(100);
		}
		this.measuring = false;
		HopHistograms hopAfter = (hopBefore != null) ? hopHistograms(instances) : null;
		String hop = (hopAfter != null) ? hopAfter.since(hopBefore) : "";
		long cpu = cpuNanos() - cpuBefore;
		long serverCpu = ProcCpu.processNanos(this.serverPid) - serverCpuBefore;
		long[] machine = ProcCpu.machineNanos();
		Map<String, Long> groups = groupNanos();
		groups.replaceAll((group, nanos) -> nanos - groupsBefore.get(group));
		report(sendingNanos, this.lastDelivery - start, cpu);
		System.out.print(hop);
		reportServer(serverCpu, machine[0] - machineBefore[0], machine[1] - machineBefore[1]);
		reportGroups(groups, machine[1] - machineBefore[1]);
		clients.forEach(Client::close);
		System.exit(0);
	}

	/**
	 * The instances' timings of the hop, or none (said why) where they cannot be read.
	 */
	private HopHistograms hopHistograms(List<String> instances) {
		if (this.adminPassword == null) {
			System.out.println("  (no timings of the hop between instances: metrics need --admin-password)");
			return null;
		}
		try {
			String admin = field(post("/api/v1/auth/login",
					"{\"username\":\"admin\",\"password\":\"" + this.adminPassword + "\"}", null), "accessToken");
			return HopHistograms.of(instances.stream()
				.map((instance) -> call(HttpRequest.newBuilder(URI.create(instance + "/actuator/prometheus")).GET(),
						admin))
				.toList());
		}
		catch (IllegalStateException ex) {
			System.out.println("  (no timings of the hop between instances: " + ex.getMessage() + ")");
			return null;
		}
	}

	/**
	 * Where in each period client {@code i} sends, of as many slots as clients; clients
	 * {@code 2p} and {@code 2p + 1} are pair {@code p}.
	 */
	private int slot(int i) {
		if (this.partnersTogether || this.groupSize > 2) {
			return i;
		}
		return (i % 2 == 0) ? i / 2 : i / 2 + this.pairs;
	}

	private List<Client> setUp(String run) throws Exception {
		List<Client> clients = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<CompletableFuture<Client>> registering = new ArrayList<>();
		for (int i = 0; i < this.pairs * 2; i++) {
			String username = "bench-" + run + "-" + i;
			registering.add(CompletableFuture.supplyAsync(() -> register(username), pool));
		}
		for (CompletableFuture<Client> client : registering) {
			clients.add(client.get());
		}
		pool.shutdown();
		for (int g = 0; this.groupSize > 2 && g < clients.size() / this.groupSize; g++) {
			List<Client> members = clients.subList(g * this.groupSize, (g + 1) * this.groupSize);
			String others = members.stream()
				.skip(1)
				.map((member) -> Long.toString(member.userId))
				.collect(Collectors.joining(","));
			String group = post("/api/v1/conversations/groups",
					"{\"name\":\"bench-" + g + "\",\"memberIds\":[" + others + "]}", members.get(0).token);
			long id = Long.parseLong(field(group, "id"));
			members.forEach((member) -> member.join(id));
		}
		for (int p = 0; this.groupSize == 2 && p < this.pairs; p++) {
			Client a = clients.get(2 * p);
			Client b = clients.get(2 * p + 1);
			String conversation = post("/api/v1/conversations/direct", "{\"userId\":" + b.userId + "}", a.token);
			long id = Long.parseLong(field(conversation, "id"));
			a.join(id);
			b.join(id);
		}
		for (int i = 0; i < clients.size(); i++) {
			// clients 2p and 2p + 1 are pair p
			boolean onPeer = this.pairsAlongside ? (i / 2) % 2 == 1 : i % 2 == 1;
			clients.get(i).connect(onPeer ? this.peerBase : this.base);
		}
		return clients;
	}

	private Client register(String username) {
		String password = "bench-sesame-" + Integer.toHexString(username.hashCode());
		post("/api/v1/auth/register", "{\"username\":\"" + username + "\",\"displayName\":\"" + username
				+ "\",\"password\":\"" + password + "\"}", null);
		String tokens = post("/api/v1/auth/login",
				"{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", null);
		String token = field(tokens, "accessToken");
		long userId = Long.parseLong(field(get("/api/v1/me", token), "id"));
		return new Client(username, userId, token);
	}

	private void report(long sendingNanos, long untilLastDelivery, long cpuNanos) {
		int n = this.latencyCount.get();
		long[] sorted = Arrays.copyOf(this.latencies, Math.min(n, this.latencies.length));
		Arrays.sort(sorted);
		double secondsSending = sendingNanos / 1e9;
		Map<String, Integer> receptions = new HashMap<>();
		this.receivedIds
			.forEach((received) -> receptions.merge(received.substring(0, received.lastIndexOf('@')), 1, Integer::sum));
		long lost = this.ackedIds.stream().mapToLong((id) -> this.groupSize - 1 - receptions.getOrDefault(id, 0)).sum();
		System.out.println();
		System.out.println("RESULT");
		System.out.printf("  %s, offered %d msg/s for %.1f s%n",
				(this.groupSize == 2) ? "pairs " + this.pairs : "groups of " + this.groupSize, this.rate,
				secondsSending);
		System.out.printf("  sent %d, acknowledged %d, refused %d%n", this.sent.get(), this.acked.get(),
				this.errors.get());
		double secondsUntilDelivered = untilLastDelivery / 1e9;
		System.out.printf("  delivered to the %s: %d, the last %.1f s after the first send%n",
				(this.groupSize == 2) ? "peer" : "other members", this.receivedIds.size(), secondsUntilDelivered);
		System.out.printf("  throughput (stored, acknowledged, delivered): %.0f msg/s%s%n",
				messagesDelivered() / secondsUntilDelivered, (this.groupSize == 2) ? ""
						: String.format(", %.0f deliveries/s", this.receivedIds.size() / secondsUntilDelivered));
		if (sorted.length > 0) {
			System.out.printf(
					"  latency send -> peer receives, after %d s warm-up (%d messages): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
					this.warmup, sorted.length, percentile(sorted, 50), percentile(sorted, 99),
					sorted[sorted.length - 1] / 1e6);
		}
		StringBuilder slow = new StringBuilder();
		for (int second = 0; second < this.slowestBySecond.length(); second++) {
			long slowest = this.slowestBySecond.get(second);
			if (slowest > 100_000_000L) {
				slow.append(String.format(" %d s: %.0f ms;", second, slowest / 1e6));
			}
		}
		System.out.println("  seconds of sending whose slowest delivery took over 100 ms:"
				+ ((slow.length() > 0) ? slow : " none"));
		long[] acks = Arrays.copyOf(this.ackLatencies, Math.min(this.ackLatencyCount.get(), this.ackLatencies.length));
		Arrays.sort(acks);
		if (acks.length > 0) {
			System.out.printf("  latency send -> own acknowledgement (stored): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
					percentile(acks, 50), percentile(acks, 99), acks[acks.length - 1] / 1e6);
		}
		System.out.printf("  lost (acknowledged, never delivered): %d deliveries; delivered twice: %d%n", lost,
				this.duplicates.get());
		System.out.printf("  load generator CPU: %.1f s over %.1f s (%.0f%% of one core)%n", cpuNanos / 1e9,
				secondsSending, 100.0 * cpuNanos / sendingNanos);
	}

	/**
	 * What the server and the machine spent from the first send until the last delivery
	 * (setting up, with its password hashing, is left out).
	 */
	private void reportServer(long serverCpuNanos, long machineBusyNanos, long machineTotalNanos) {
		int cores = ProcCpu.machineCores();
		double seconds = machineTotalNanos / 1e9 / cores;
		if (this.serverPid > 0 && !this.receivedIds.isEmpty()) {
			System.out.printf("  server CPU: %.1f s over %.1f s (%.0f%% of one core), %.0f us per message%s%n",
					serverCpuNanos / 1e9, seconds, 100.0 * serverCpuNanos / 1e9 / seconds,
					serverCpuNanos / 1e3 / messagesDelivered(), (this.groupSize == 2) ? ""
							: String.format(", %.1f us per delivery", serverCpuNanos / 1e3 / this.receivedIds.size()));
		}
		if (machineTotalNanos > 0) {
			System.out.printf(
					"  machine (server, database, generator and the rest): %.0f%% busy of %d cores, %.0f us of CPU per message%n",
					100.0 * machineBusyNanos / machineTotalNanos, cores, machineBusyNanos / 1e3 / messagesDelivered());
		}
	}

	private Map<String, Long> groupNanos() {
		Map<String, Long> nanos = new LinkedHashMap<>();
		this.cpuOf.forEach((group, pattern) -> nanos.put(group, ProcCpu.matchingNanos(pattern)));
		return nanos;
	}

	/** Each group's share, by the same measure as the server's. */
	private void reportGroups(Map<String, Long> groups, long machineTotalNanos) {
		int cores = ProcCpu.machineCores();
		double seconds = machineTotalNanos / 1e9 / cores;
		double messages = messagesDelivered();
		groups.forEach((group, nanos) -> System.out.printf("  CPU of %s: %.0f%% of one core, %.0f us per message%n",
				group, 100.0 * nanos / 1e9 / seconds, nanos / 1e3 / messages));
	}

	/** Messages delivered, as many as their deliveries would make whole (at least 1). */
	private double messagesDelivered() {
		return Math.max(1.0, this.receivedIds.size() / (double) (this.groupSize - 1));
	}

	private static double percentile(long[] sorted, int p) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
	}

	private static long cpuNanos() {
		return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
	}

	private String post(String path, String json, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		return call(request, token);
	}

	private String get(String path, String token) {
		return call(HttpRequest.newBuilder(URI.create(this.base + path)).GET(), token);
	}

	private String call(HttpRequest.Builder request, String token) {
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() >= 300) {
				throw new IllegalStateException(response.statusCode() + " " + response.body());
			}
			return response.body();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Request failed: " + ex.getMessage(), ex);
		}
	}

	static String field(String json, String name) {
		Matcher matcher = FIELD.matcher(json);
		while (matcher.find()) {
			if (matcher.group(1).equals(name)) {
				return (matcher.group(3) != null) ? matcher.group(3) : matcher.group(2);
			}
		}
		throw new IllegalStateException("No " + name + " in " + json);
	}

	/** One user on one STOMP connection. */
	private final class Client implements WebSocket.Listener {

		private final String username;

		private final long userId;

		private final String token;

		private final StringBuilder partial = new StringBuilder();

		private final CountDownLatch subscribed = new CountDownLatch(3);

		private final AtomicLong next = new AtomicLong();

		/** When each message awaiting its acknowledgement was sent (nanoTime). */
		private final Map<String, Long> unacknowledged = new ConcurrentHashMap<>();

		private long conversationId;

		private WebSocket socket;

		private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

		Client(String username, long userId, String token) {
			this.username = username;
			this.userId = userId;
			this.token = token;
		}

		void join(long conversationId) {
			this.conversationId = conversationId;
		}

		void connect(String instance) throws Exception {
			this.socket = ChatBenchmark.this.http.newWebSocketBuilder()
				.buildAsync(URI.create(instance.replaceFirst("^http", "ws") + "/ws"), this)
				.get(10, TimeUnit.SECONDS);
			frame("CONNECT\naccept-version:1.2\nhost:bench\nheart-beat:0,0\nAuthorization:Bearer " + this.token
					+ "\n\n\0");
			for (String queue : List.of("messages", "acks", "errors")) {
				frame("SUBSCRIBE\nid:" + queue + "\ndestination:/user/queue/" + queue + "\nreceipt:" + queue
						+ "\n\n\0");
			}
			if (!this.subscribed.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException(this.username + " could not subscribe");
			}
		}

		void sendOne() {
			String clientMsgId = this.username + "-" + this.next.incrementAndGet();
			String body = "{\"conversationId\":" + this.conversationId + ",\"clientMsgId\":\"" + clientMsgId
					+ "\",\"type\":\"TEXT\",\"text\":\"t" + System.nanoTime() + "\"}";
			ChatBenchmark.this.sent.incrementAndGet();
			this.unacknowledged.put(clientMsgId, System.nanoTime());
			frame("SEND\ndestination:/app/chat.send\ncontent-type:application/json\n\n" + body + "\0");
		}

		private synchronized void frame(String text) {
			// the JDK WebSocket takes one send at a time
			this.lastSend = this.lastSend.thenCompose((ignored) -> this.socket.sendText(text, true));
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				String frame = this.partial.toString();
				this.partial.setLength(0);
				handle(frame);
			}
			webSocket.request(1);
			return null;
		}

		private void handle(String frame) {
			if (frame.startsWith("RECEIPT")) {
				this.subscribed.countDown();
				return;
			}
			if (!frame.startsWith("MESSAGE")) {
				if (frame.startsWith("ERROR")) {
					System.err.println(this.username + ": " + frame.replace('\0', ' ').strip());
				}
				return;
			}
			long now = System.nanoTime();
			int bodyStart = frame.indexOf("\n\n") + 2;
			String headers = frame.substring(0, bodyStart);
			String body = frame.substring(bodyStart, frame.length() - (frame.endsWith("\0") ? 1 : 0));
			if (headers.contains("subscription:acks")) {
				ChatBenchmark.this.acked.incrementAndGet();
				String clientMsgId = field(body, "clientMsgId");
				ChatBenchmark.this.ackedIds.add(clientMsgId);
				Long sentAt = this.unacknowledged.remove(clientMsgId);
				if (sentAt != null && ChatBenchmark.this.measuring) {
					int slot = ChatBenchmark.this.ackLatencyCount.getAndIncrement();
					if (slot < ChatBenchmark.this.ackLatencies.length) {
						ChatBenchmark.this.ackLatencies[slot] = now - sentAt;
					}
				}
			}
			else if (headers.contains("subscription:errors")) {
				ChatBenchmark.this.errors.incrementAndGet();
			}
			else if (headers.contains("subscription:messages")) {
				if (Long.parseLong(field(body, "senderId")) == this.userId) {
					return;
				}
				String clientMsgId = field(body, "clientMsgId");
				if (!ChatBenchmark.this.receivedIds.add(clientMsgId + "@" + this.userId)) {
					ChatBenchmark.this.duplicates.incrementAndGet();
					return;
				}
				ChatBenchmark.this.lastDelivery = now;
				long sentAt = Long.parseLong(field(body, "text").substring(1));
				if (ChatBenchmark.this.measuring) {
					int slot = ChatBenchmark.this.latencyCount.getAndIncrement();
					if (slot < ChatBenchmark.this.latencies.length) {
						ChatBenchmark.this.latencies[slot] = now - sentAt;
					}
					int second = (int) ((sentAt - ChatBenchmark.this.sendingStarted) / 1_000_000_000L);
					if (second >= 0 && second < ChatBenchmark.this.slowestBySecond.length()) {
						ChatBenchmark.this.slowestBySecond.accumulateAndGet(second, now - sentAt, Math::max);
					}
				}
			}
		}

		void close() {
			if (this.socket != null) {
				this.socket.abort();
			}
		}

	}

}
