package im.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Live-room fan-out: N subscribers (guests) in one room, integrator pushes to the room at
 * increasing rates; for each rate, deliveries per second, latency from push to receipt
 * (p50, p99, max), and deliveries lost. The generator's own CPU is reported so that a
 * saturated generator is not taken for a server limit.
 * <p>
 * Needs an administrator password (to create the room and an API key) and a server whose
 * API-key rate limit exceeds the highest push rate. Usage: {@code --base
 * http://127.0.0.1:8080 --admin-password ... --subscribers 1000 --rates 10,50,100
 * --seconds 20}; with {@code --target baseline} the server is the simple-broker baseline
 * (im-baseline), pushed to at {@code /push/rooms/{room}} with neither room nor key;
 * {@code --server-pid} names the server's process on this machine, whose CPU each rate
 * then reports (per delivery and per push; {@code --subscribers 0} measures what a push
 * request alone costs). {@code --batch N} sends the pushes N to a request, to the batch
 * endpoint; {@code --warmup-seconds} pushes at the first rate before the measured steps.
 */
public final class RoomBenchmark {

	/** Latency histogram: 0.1 ms buckets up to 60 s. */
	private static final int BUCKETS = 600_000;

	private final String base;

	private final String adminPassword;

	private final int subscribers;

	private final List<Integer> rates;

	private final int seconds;

	private final int payloadBytes;

	/**
	 * Seconds of pushes at the first rate before the measured steps: a fresh JVM
	 * compiles.
	 */
	private final int warmupSeconds;

	private final boolean baseline;

	private final String padding;

	/** Pushes per request: more than one goes to the batch endpoint. */
	private final int batch;

	/**
	 * The server's process on this machine, whose CPU each step reports; 0 if unknown.
	 */
	private final long serverPid;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	/**
	 * The most push requests in flight at once. The HTTP client opens a connection for
	 * every request that finds none idle, so a server that lags (a cold JIT, a
	 * collection) would otherwise be sent thousands of connections, until both sides run
	 * out of open files; a push that finds the bound reached is not sent, and counted.
	 */
	private static final int MAX_IN_FLIGHT = 256;

	private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

	private final AtomicLong received = new AtomicLong();

	private final AtomicLongArray latencies = new AtomicLongArray(BUCKETS);

	private volatile boolean measuring;

	/** When the last delivery arrived (System.nanoTime). */
	private volatile long lastDelivery;

	private RoomBenchmark(Map<String, String> options) {
		this.base = options.getOrDefault("base", "http://127.0.0.1:8080");
		this.adminPassword = options.get("admin-password");
		this.subscribers = Integer.parseInt(options.getOrDefault("subscribers", "1000"));
		this.rates = java.util.Arrays.stream(options.getOrDefault("rates", "10,50,100").split(","))
			.map(Integer::parseInt)
			.toList();
		this.seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
		this.payloadBytes = Integer.parseInt(options.getOrDefault("payload-bytes", "128"));
		this.warmupSeconds = Integer.parseInt(options.getOrDefault("warmup-seconds", "10"));
		this.padding = "x".repeat(this.payloadBytes);
		this.batch = Integer.parseInt(options.getOrDefault("batch", "1"));
		this.baseline = "baseline".equals(options.getOrDefault("target", "platform"));
		this.serverPid = Long.parseLong(options.getOrDefault("server-pid", "0"));
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new ConcurrentHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		new RoomBenchmark(options).run();
	}

	private void run() throws Exception {
		String run = Long.toString(System.currentTimeMillis(), 36);
		String room = "bench-" + run;
		String key = this.baseline ? null : roomAndKey(room, run);
		System.out.printf("connecting %d subscribers (guests) to room %s at %s%n", this.subscribers, room, this.base);
		RawSubscribers audience = connect(room);
		System.out.printf("all %d subscribed; payload %d bytes%n", audience.ready(), this.payloadBytes);
		ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2);
		System.out.println();
		System.out.println("RESULT (" + (this.baseline ? "simple-broker baseline" : "platform") + ")");
		System.out.printf("  subscribers %d, payload %d bytes, %d s per rate%n", this.subscribers, this.payloadBytes,
				this.seconds);
		if (this.warmupSeconds > 0) {
			System.out.printf("  warm-up: %d s at %d pushes/s (not a result)%n", this.warmupSeconds, this.rates.get(0));
			step(room, key, this.rates.get(0), this.warmupSeconds, ticker);
		}
		System.out.println("| server | pushes/s | deliveries/s | p50 | p99 | max | lost | server CPU | µs/delivery"
				+ " | µs/push | generator CPU |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
		for (int rate : this.rates) {
			Step step = step(room, key, rate, this.seconds, ticker);
			System.out.printf("| %s | %d | %,.0f | %.1f ms | %.1f ms | %.1f ms | %d | %.0f%% | %s | %s | %.0f%% |%n",
					this.baseline ? "baseline" : "platform", rate, step.received / step.elapsedSeconds,
					percentile(50, step.received), percentile(99, step.received), percentile(100, step.received),
					step.lost(), 100.0 * step.serverCpuSeconds / step.elapsedSeconds,
					(this.serverPid > 0 && step.received > 0)
							? String.format("%.1f", step.serverCpuSeconds * 1e6 / step.received) : "",
					(this.serverPid > 0 && step.accepted > 0)
							? String.format("%.0f", step.serverCpuSeconds * 1e6 / step.accepted) : "",
					100.0 * step.generatorCpuSeconds / step.elapsedSeconds);
			if (step.refused > 0) {
				System.out.printf("  (%d pushes refused at %d pushes/s)%n", step.refused, rate);
			}
			if (step.unsent > 0) {
				System.out.printf("  (%d pushes not sent at %d pushes/s: %d requests were in flight)%n", step.unsent,
						rate, MAX_IN_FLIGHT);
			}
		}
		ticker.shutdownNow();
		audience.close();
		System.exit(0);
	}

	/**
	 * Pushes at the rate for the given seconds, then waits for what is in flight (while
	 * it still moves, at most 30 s). CPU and time are counted from the first push to the
	 * last delivery, so that the server's work on a step's tail is charged to the step.
	 */
	private Step step(String room, String key, int rate, int seconds, ScheduledExecutorService ticker)
			throws InterruptedException {
		this.received.set(0);
		for (int i = 0; i < BUCKETS; i++) {
			this.latencies.set(i, 0);
		}
		AtomicLong accepted = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		AtomicLong unsent = new AtomicLong();
		long cpuBefore = cpuNanos();
		long serverCpuBefore = serverCpuNanos();
		this.measuring = true;
		long start = System.nanoTime();
		long periodMicros = 1_000_000L * this.batch / rate;
		AtomicLong seq = new AtomicLong();
		var task = ticker.scheduleAtFixedRate(() -> push(room, key, seq, accepted, failed, unsent), 0, periodMicros,
				TimeUnit.MICROSECONDS);
		Thread.sleep(seconds * 1000L);
		task.cancel(false);
		long sending = System.nanoTime() - start;
		long expected = 0;
		long last = -1;
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (System.nanoTime() < until) {
			expected = accepted.get() * this.subscribers;
			long now = this.received.get();
			if (now >= expected || now == last) {
				break;
			}
			last = now;
			Thread.sleep(200);
		}
		this.measuring = false;
		// to the last delivery, not to the end of the wait for more
		long elapsed = Math.max(sending, this.lastDelivery - start);
		return new Step(this.received.get(), expected, accepted.get(), failed.get(), unsent.get(), elapsed / 1e9,
				(serverCpuNanos() - serverCpuBefore) / 1e9, (cpuNanos() - cpuBefore) / 1e9);
	}

	/** What one step measured. */
	private record Step(long received, long expected, long accepted, long refused, long unsent, double elapsedSeconds,
			double serverCpuSeconds, double generatorCpuSeconds) {

		long lost() {
			return Math.max(0, this.expected - this.received);
		}

	}

	/** Creates the room and an API key to push to it with; answers the key. */
	private String roomAndKey(String room, String run) {
		String adminToken = ChatBenchmark.field(post("/api/v1/auth/login",
				"{\"username\":\"admin\",\"password\":\"" + this.adminPassword + "\"}", null, null), "accessToken");
		post("/api/v1/admin/rooms", "{\"id\":\"" + room + "\",\"title\":\"Benchmark\",\"guestsAllowed\":true}",
				adminToken, null);
		return ChatBenchmark.field(post("/api/v1/admin/api-keys",
				"{\"name\":\"bench " + run + "\",\"scopes\":[\"push\"]}", adminToken, null), "key");
	}

	/**
	 * One push, or with {@code --batch N} one request of N pushes to the batch endpoint
	 * (the platform's only).
	 */
	private void push(String room, String key, AtomicLong seq, AtomicLong accepted, AtomicLong failed,
			AtomicLong unsent) {
		if (!this.inFlight.tryAcquire()) {
			unsent.addAndGet(this.batch);
			return;
		}
		StringBuilder body = new StringBuilder();
		if (this.batch > 1) {
			body.append("{\"pushes\":[");
		}
		for (int i = 0; i < this.batch; i++) {
			// sentAt: this process's clock, read again by the subscribers
			body.append((i > 0) ? "," : "")
				.append((this.batch > 1) ? "{\"roomId\":\"" + room + "\"," : "{")
				.append("\"type\":\"tick\",\"payload\":{\"seq\":")
				.append(seq.incrementAndGet())
				.append(",\"sentAt\":")
				.append(System.nanoTime())
				.append(",\"pad\":\"")
				.append(this.padding)
				.append("\"}}");
		}
		if (this.batch > 1) {
			body.append("]}");
		}
		String path = this.baseline ? "/push/rooms/" + room
				: (this.batch > 1) ? "/api/v1/push/batch" : "/api/v1/push/rooms/" + room;
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()));
		if (key != null) {
			request.header("X-Api-Key", key);
		}
		this.http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
			this.inFlight.release();
			// a batch answers 200 with a result per push; each refused one says so
			int refused = (error != null || response.statusCode() >= 300) ? this.batch
					: (this.batch > 1) ? count(response.body(), "\"problem\"") : 0;
			accepted.addAndGet(this.batch - refused);
			failed.addAndGet(refused);
		});
	}

	private static int count(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
			count++;
		}
		return count;
	}

	private RawSubscribers connect(String room) throws Exception {
		// the simple broker sends no RECEIPT: there, CONNECTED is all one waits for
		RawSubscribers audience = new RawSubscribers(this.baseline ? "CONNECTED" : "RECEIPT",
				(nanos) -> record(nanos / 1000));
		URI ws = URI.create(this.base.replaceFirst("^http", "ws") + "/ws");
		for (int i = 0; i < this.subscribers; i++) {
			audience.open(ws, "/topic/rooms/" + room);
		}
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (audience.ready() < this.subscribers) {
			if (System.nanoTime() > until || audience.failed() > 0) {
				throw new IllegalStateException(audience.ready() + " of " + this.subscribers
						+ " subscribers in the room after 60 s, " + audience.failed() + " connections lost");
			}
			Thread.sleep(100);
		}
		if (this.baseline) {
			// time for the SUBSCRIBE frames sent after CONNECT to be handled
			Thread.sleep(3000);
		}
		return audience;
	}

	private void record(long micros) {
		if (this.measuring) {
			this.received.incrementAndGet();
			this.lastDelivery = System.nanoTime();
			this.latencies.incrementAndGet((int) Math.min(BUCKETS - 1, Math.max(0, micros / 100)));
		}
	}

	private double percentile(int p, long count) {
		if (count == 0) {
			return 0;
		}
		long rank = (long) Math.ceil(p / 100.0 * count);
		long seen = 0;
		for (int i = 0; i < BUCKETS; i++) {
			seen += this.latencies.get(i);
			if (seen >= rank) {
				return (i + 1) / 10.0;
			}
		}
		return BUCKETS / 10.0;
	}

	private long serverCpuNanos() {
		return ProcCpu.processNanos(this.serverPid);
	}

	private static long cpuNanos() {
		return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
	}

	private String post(String path, String json, String token, String apiKey) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (apiKey != null) {
			request.header("X-Api-Key", apiKey);
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() >= 300) {
				throw new IllegalStateException(response.statusCode() + " " + response.body());
			}
			return response.body();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Request failed: " + ex.getMessage(), ex);
		}
	}

}
