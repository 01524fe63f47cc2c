package im.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP against a running test server, JSON in and out. */
public final class Api {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http;

	private final String base;

	public Api(int port) {
		this.base = "http://127.0.0.1:" + port;
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	}

	/**
	 * A client whose requests come from another loopback address (127.0.0.2, ...): to the
	 * server, another machine.
	 */
	public static Api from(String localAddress, int port) {
		return new Api(port, localAddress);
	}

	private Api(int port, String localAddress) {
		this.base = "http://127.0.0.1:" + port;
		try {
			this.http = HttpClient.newBuilder()
				.connectTimeout(Duration.ofSeconds(5))
				.localAddress(InetAddress.getByName(localAddress))
				.build();
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(localAddress, ex);
		}
	}

	public String base() {
		return this.base;
	}

	public Response get(String path, String token) {
		return send(request(path, token).GET().build());
	}

	public Response post(String path, Object body, String token) {
		return send(request(path, token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json(body)))
			.build());
	}

	public Response patch(String path, Object body, String token) {
		return send(request(path, token).header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(json(body)))
			.build());
	}

	public Response put(String path, Object body, String token) {
		return send(request(path, token).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json(body)))
			.build());
	}

	public Response delete(String path, String token) {
		return send(request(path, token).DELETE().build());
	}

	/** A multipart upload of one file, as a browser form would send it. */
	public Response upload(String token, String kind, String fileName, String contentType, byte[] bytes) {
		return upload(request("/api/v1/media", token), kind, fileName, contentType, bytes);
	}

	/** {@link #upload} by an integrator's bot, with its API key. */
	public Response uploadWithKey(String apiKey, String kind, String fileName, String contentType, byte[] bytes) {
		return upload(request("/api/v1/media", null).header("X-Api-Key", apiKey), kind, fileName, contentType, bytes);
	}

	private Response upload(HttpRequest.Builder request, String kind, String fileName, String contentType,
			byte[] bytes) {
		String boundary = "----im-test-" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n" + kind + "\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(bytes);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return send(request.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build());
	}

	/** GET answering bytes, for downloads. */
	public HttpResponse<byte[]> download(String path, String token) {
		try {
			return this.http.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public Response send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(20));
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		return builder;
	}

	/** Registers a user with a name no other test uses and signs them in. */
	public Session newUser(String prefix) {
		String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
		return register(username, "User " + username);
	}

	/**
	 * Registers the user (with a password of its own, in the session) and signs them in.
	 */
	public Session register(String username, String displayName) {
		String password = "open-sesame-" + UUID.randomUUID().toString().substring(0, 8);
		Response registered = post("/api/v1/auth/register",
				Map.of("username", username, "displayName", displayName, "password", password), null);
		if (registered.status() != 201) {
			throw new IllegalStateException("Registration failed: " + registered.body());
		}
		return login(username, password);
	}

	public Session login(String username, String password) {
		Response response = post("/api/v1/auth/login", Map.of("username", username, "password", password), null);
		if (response.status() != 200) {
			throw new IllegalStateException("Login failed: " + response.body());
		}
		JsonNode body = response.json();
		String accessToken = body.get("accessToken").asString();
		long userId = get("/api/v1/me", accessToken).json().get("id").asLong();
		return new Session(username, password, accessToken, body.get("refreshToken").asString(), userId);
	}

	/**
	 * A sample's value from the instance's Prometheus endpoint, read as the tests'
	 * administrator; 0 while it has none.
	 */
	public double metric(String sample) {
		Response metrics = get("/actuator/prometheus", login("admin", "admin-test-password").accessToken());
		if (metrics.status() != 200) {
			throw new IllegalStateException("Metrics not readable: " + metrics);
		}
		return metrics.body()
			.lines()
			.filter((line) -> line.startsWith(sample + " "))
			.mapToDouble((line) -> Double.parseDouble(line.substring(sample.length() + 1).strip()))
			.findFirst()
			.orElse(0);
	}

	private static String json(Object body) {
		return (body instanceof String raw) ? raw : JSON.writeValueAsString(body);
	}

	/** A signed-in user as a test holds it. */
	public record Session(String username, String password, String accessToken, String refreshToken, long userId) {

	}

	/** An HTTP answer with its body parsed on demand. */
	public static final class Response {

		private final HttpResponse<String> response;

		Response(HttpResponse<String> response) {
			this.response = response;
		}

		public int status() {
			return this.response.statusCode();
		}

		public String body() {
			return this.response.body();
		}

		public String header(String name) {
			return this.response.headers().firstValue(name).orElse(null);
		}

		public JsonNode json() {
			return JSON.readTree(this.response.body());
		}

		@Override
		public String toString() {
			return status() + " " + body();
		}

	}

}
