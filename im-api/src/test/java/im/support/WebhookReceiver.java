package im.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An integrator's webhook receiver: a real HTTP server on 127.0.0.1 that answers each
 * POST with the statuses it is told to (200 when told nothing), optionally slowly, and
 * keeps what it received.
 */
public final class WebhookReceiver implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();

	private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();

	private volatile int answerAfterwards = 200;

	private volatile Duration delay = Duration.ZERO;

	private WebhookReceiver(HttpServer server) {
		this.server = server;
	}

	/** A receiver on a free port. */
	public static WebhookReceiver start() {
		return startOn(0);
	}

	/** A receiver on the given port: one that was down comes up again. */
	public static WebhookReceiver startOn(int port) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
			WebhookReceiver receiver = new WebhookReceiver(server);
			server.createContext("/", receiver::handle);
			server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			server.start();
			return receiver;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A port nothing listens on, for an endpoint that is down. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static String urlOn(int port) {
		return "http://127.0.0.1:" + port + "/hooks/im";
	}

	public String url() {
		return urlOn(this.server.getAddress().getPort());
	}

	/** The next requests are answered with these statuses, in order; then 200. */
	public WebhookReceiver answer(int... statuses) {
		for (int status : statuses) {
			this.answers.add(status);
		}
		return this;
	}

	/** Every request from now on, once told statuses are used up, is answered so. */
	public WebhookReceiver answerAlways(int status) {
		this.answerAfterwards = status;
		return this;
	}

	/** Each answer waits this long. */
	public WebhookReceiver delay(Duration delay) {
		this.delay = delay;
		return this;
	}

	/** The next request received whose body matches, within the timeout; or null. */
	public Received next(Predicate<Received> matching, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			while (true) {
				long left = deadline - System.nanoTime();
				Received request = this.received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
				if (request == null || matching.test(request)) {
					return request;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/** The next request of the event type about the given thing (a substring of data). */
	public Received next(String type, String about, Duration timeout) {
		return next((request) -> request.type().equals(type) && request.data().toString().contains(about), timeout);
	}

	/** Everything received and not yet taken. */
	public List<Received> drain() {
		List<Received> all = new ArrayList<>();
		this.received.drainTo(all);
		return all;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream body = exchange.getRequestBody()) {
			String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
			Map<String, String> headers = exchange.getRequestHeaders()
				.entrySet()
				.stream()
				.collect(Collectors.toMap((header) -> header.getKey().toLowerCase(Locale.ROOT),
						(header) -> header.getValue().get(0), (first, second) -> first));
			Integer told = this.answers.poll();
			int status = (told != null) ? told : this.answerAfterwards;
			if (!this.delay.isZero()) {
				Thread.sleep(this.delay);
			}
			this.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
					text, status));
			exchange.sendResponseHeaders(status, -1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/** One request as it arrived, and the status it was answered with. */
	public record Received(String method, String path, Map<String, String> headers, String body, int answered) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public String type() {
			return json().get("type").asString();
		}

		public JsonNode data() {
			return json().get("data");
		}

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

}
