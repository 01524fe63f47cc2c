package im.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Idle connections: opens STOMP connections (guests, each subscribed to one live room) to
 * one instance in steps, and after each step measures the server's heap after a full
 * garbage collection and its resident memory, to give the memory each idle connection
 * costs. Usage:
 * {@code --base http://127.0.0.1:8080 --server-pid 1234 --admin-password ...
 * --steps 5000,10000,20000}; with {@code --target baseline} the server is the
 * simple-broker baseline (im-baseline), which has no rooms to create and no accounts.
 */
public final class IdleBenchmark {

	/**
	 * The used size of each generation in {@code jcmd <pid> GC.heap_info}: the lines that
	 * start at the margin (G1's whole heap, or Serial's young and old generations, which
	 * a JVM on one core uses); indented lines are their parts, and Metaspace.
	 */
	private static final Pattern HEAP = Pattern.compile("(?m)^\\S.* used (\\d+)K");

	private final String base;

	private final long serverPid;

	private final String adminPassword;

	private final List<Integer> steps;

	private final int holdSeconds;

	private final boolean baseline;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private IdleBenchmark(Map<String, String> options) {
		this.base = options.getOrDefault("base", "http://127.0.0.1:8080");
		this.serverPid = Long.parseLong(options.get("server-pid"));
		this.adminPassword = options.get("admin-password");
		this.holdSeconds = Integer.parseInt(options.getOrDefault("hold-seconds", "0"));
		this.baseline = "baseline".equals(options.getOrDefault("target", "platform"));
		this.steps = Arrays.stream(options.getOrDefault("steps", "5000,10000,20000").split(","))
			.map(Integer::parseInt)
			.toList();
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new ConcurrentHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		new IdleBenchmark(options).run();
	}

	private void run() throws Exception {
		String room = "idle-" + Long.toString(System.currentTimeMillis(), 36);
		if (!this.baseline) {
			String token = ChatBenchmark.field(post("/api/v1/auth/login",
					"{\"username\":\"admin\",\"password\":\"" + this.adminPassword + "\"}", null), "accessToken");
			post("/api/v1/admin/rooms", "{\"id\":\"" + room + "\",\"title\":\"Idle\",\"guestsAllowed\":true}", token);
		}
		long[] before = measure();
		System.out.printf("before: heap after GC %.1f MB, resident %.1f MB%n", before[0] / 1e6, before[1] / 1e6);
		System.out.println();
		System.out.println("RESULT (" + (this.baseline ? "simple-broker baseline" : "platform") + ")");
		List<WebSocket> open = new ArrayList<>();
		List<HttpClient> clients = new ArrayList<>();
		for (int target : this.steps) {
			try {
				while (open.size() < target) {
					if (open.size() % 1000 == 0) {
						clients.add(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build());
					}
					open.add(connect(clients.get(clients.size() - 1), room));
				}
			}
			catch (RuntimeException ex) {
				// a server that runs out of heap stops answering: that is the result
				System.out.printf("  the server stopped taking connections after %d: %s%n", open.size(),
						ex.getMessage());
				break;
			}
			long[] now = measure();
			System.out.printf(
					"  %6d idle connections: heap after GC %.1f MB (%.1f KB each), resident %.1f MB (%.1f KB each)%n",
					open.size(), now[0] / 1e6, (now[0] - before[0]) / 1024.0 / open.size(), now[1] / 1e6,
					(now[1] - before[1]) / 1024.0 / open.size());
		}
		// time to look inside the server (jcmd GC.class_histogram) with the connections
		// open
		Thread.sleep(this.holdSeconds * 1000L);
		open.forEach(WebSocket::abort);
		System.exit(0);
	}

	/**
	 * A guest connection subscribed to the room, once its RECEIPT (or CONNECTED) came.
	 */
	private WebSocket connect(HttpClient client, String room) throws InterruptedException {
		CountDownLatch receipt = new CountDownLatch(1);
		WebSocket socket = client.newWebSocketBuilder()
			.buildAsync(URI.create(this.base.replaceFirst("^http", "ws") + "/ws"), new WebSocket.Listener() {
				@Override
				public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
					// the simple broker sends no RECEIPT: there, CONNECTED is all one
					// waits for
					if (data.toString().startsWith(IdleBenchmark.this.baseline ? "CONNECTED" : "RECEIPT")) {
						receipt.countDown();
					}
					webSocket.request(1);
					return null;
				}
			})
			.join();
		socket.sendText("CONNECT\naccept-version:1.2\nhost:127.0.0.1\nheart-beat:0,0\nguest:true\n\n\u0000", true)
			.join();
		socket.sendText("SUBSCRIBE\nid:room\ndestination:/topic/rooms/" + room + "\nreceipt:r\n\n\u0000", true).join();
		if (!receipt.await(30, TimeUnit.SECONDS)) {
			socket.abort();
			throw new IllegalStateException("no answer to a new connection within 30 s");
		}
		return socket;
	}

	/** The server's heap after a full collection, and its resident memory, in bytes. */
	private long[] measure() throws Exception {
		jcmd("GC.run");
		Thread.sleep(1000);
		Matcher matcher = HEAP.matcher(jcmd("GC.heap_info"));
		long heap = 0;
		while (matcher.find()) {
			heap += Long.parseLong(matcher.group(1)) * 1024;
		}
		long resident = 0;
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(this.serverPid), "status"))) {
			if (line.startsWith("VmRSS:")) {
				resident = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
			}
		}
		return new long[] { heap, resident };
	}

	private String jcmd(String command) throws Exception {
		Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				Long.toString(this.serverPid), command)
			.redirectErrorStream(true)
			.start();
		String output = new String(jcmd.getInputStream().readAllBytes());
		jcmd.waitFor();
		return output;
	}

	private String post(String path, String json, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() >= 300) {
			throw new IllegalStateException(response.statusCode() + " " + response.body());
		}
		return response.body();
	}

}
