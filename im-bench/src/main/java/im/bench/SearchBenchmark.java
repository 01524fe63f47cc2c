package im.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Message search over a filled database (bench/search.sh). {@code --phase catch-up} waits
 * until the instance's index has taken every message (from an empty index: what a rebuild
 * does), reporting how long that took and the CPU it cost the server and PostgreSQL per
 * message; {@code --phase queries} times {@code GET /api/v1/search/messages} for each
 * user and query, one request at a time, and prints p50 and p99. Usage:
 * {@code --phase catch-up --base http://127.0.0.1:8080 --server-pid 1234 --admin-password ...};
 * {@code --phase queries --base ... --server-pid 1234 --users searcher50,searcher1000
 * --password ... --requests 200}.
 */
public final class SearchBenchmark {

	/** What is looked for: a rare word, a common one (by its stem), a Chinese pair. */
	private static final List<String> QUERIES = List.of("xylophone", "meetings", "搜索", "deploy release");

	private final String base;

	private final long serverPid;

	private final String adminPassword;

	private final List<String> users;

	private final String password;

	private final int requests;

	/** {@code catch-up}: wait for the index; {@code queries}: time the queries. */
	private final String phase;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private SearchBenchmark(Map<String, String> options) {
		this.base = options.getOrDefault("base", "http://127.0.0.1:8080");
		this.serverPid = Long.parseLong(options.get("server-pid"));
		this.adminPassword = options.get("admin-password");
		this.users = Arrays.asList(options.getOrDefault("users", "searcher50,searcher1000").split(","));
		this.password = options.get("password");
		this.requests = Integer.parseInt(options.getOrDefault("requests", "200"));
		this.phase = options.getOrDefault("phase", "catch-up");
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new ConcurrentHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		new SearchBenchmark(options).run();
	}

	private void run() throws Exception {
		if (this.phase.equals("catch-up")) {
			catchUp(login("admin", this.adminPassword));
			return;
		}
		Map<String, String> tokens = new ConcurrentHashMap<>();
		for (String user : this.users) {
			tokens.put(user, login(user, this.password));
		}
		// every query a quarter of the requests first, not timed: a fresh JVM compiles
		// the search's code for minutes, and what it costs meanwhile is not the search's
		for (String user : this.users) {
			for (String query : QUERIES) {
				for (String order : List.of("newest", "relevance")) {
					for (int i = 0; i < this.requests / 4; i++) {
						get(path(query, order), tokens.get(user));
					}
				}
			}
		}
		System.out.println();
		System.out.println("| user | query | order | hits on the first page | p50 | p99 | server CPU a query |");
		System.out.println("|---|---|---|---:|---:|---:|---:|");
		for (String user : this.users) {
			for (String query : QUERIES) {
				for (String order : List.of("newest", "relevance")) {
					time(user, tokens.get(user), query, order);
				}
			}
		}
	}

	private static String path(String query, String order) {
		return "/api/v1/search/messages?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&order=" + order;
	}

	/** Waits until the index holds every message; prints the time and CPU it took. */
	private void catchUp(String admin) throws Exception {
		long started = System.nanoTime();
		long serverBefore = ProcCpu.processNanos(this.serverPid);
		long postgresBefore = ProcCpu.matchingNanos("postgres:");
		String status = get("/api/v1/admin/search", admin);
		long firstDocuments = Long.parseLong(ChatBenchmark.field(status, "documents"));
		while (Long.parseLong(ChatBenchmark.field(status, "behind")) > 0) {
			Thread.sleep(250);
			status = get("/api/v1/admin/search", admin);
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		long documents = Long.parseLong(ChatBenchmark.field(status, "documents"));
		long indexed = Math.max(1, documents - firstDocuments);
		System.out.printf(
				"index caught up: %d documents (%d indexed while watched) in %.1f s, %.0f messages/s; "
						+ "server CPU %.1f µs a message, PostgreSQL %.1f µs%n",
				documents, indexed, seconds, indexed / seconds,
				(ProcCpu.processNanos(this.serverPid) - serverBefore) / 1e3 / indexed,
				(ProcCpu.matchingNanos("postgres:") - postgresBefore) / 1e3 / indexed);
	}

	/** Sends the query the requests, one at a time, timed. */
	private void time(String user, String token, String query, String order) throws Exception {
		String path = path(query, order);
		long[] nanos = new long[this.requests];
		int hits = 0;
		long cpuBefore = ProcCpu.processNanos(this.serverPid);
		for (int i = 0; i < this.requests; i++) {
			long started = System.nanoTime();
			String page = get(path, token);
			nanos[i] = System.nanoTime() - started;
			hits = page.split("\"textHighlights\"", -1).length - 1;
		}
		long cpu = ProcCpu.processNanos(this.serverPid) - cpuBefore;
		Arrays.sort(nanos);
		System.out.printf("| %s | %s | %s | %d | %.1f ms | %.1f ms | %.1f ms |%n", user, query, order, hits,
				nanos[nanos.length / 2] / 1e6, nanos[(int) Math.ceil(nanos.length * 0.99) - 1] / 1e6,
				cpu / 1e6 / this.requests);
	}

	private String login(String username, String password) throws Exception {
		return ChatBenchmark.field(
				send(HttpRequest.newBuilder(URI.create(this.base + "/api/v1/auth/login"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers
						.ofString("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"))),
				"accessToken");
	}

	private String get(String path, String token) throws Exception {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).header("Authorization", "Bearer " + token));
	}

	private String send(HttpRequest.Builder request) throws Exception {
		HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(60)).build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() >= 300) {
			throw new IllegalStateException(response.statusCode() + " " + response.body());
		}
		return response.body();
	}

}
