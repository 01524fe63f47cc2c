package im.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import im.support.Api.Session;
import im.support.RawStompClient.Frame;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One connected device of a user, as a calling client holds it: subscribed to its calls,
 * errors and messages. Events of a call arrive from two paths (the connection's own and
 * the members'), so a test asks for the next one of a type and the others wait their
 * turn.
 */
public final class CallDevice implements AutoCloseable {

	public static final Duration WAIT = Duration.ofSeconds(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RawStompClient client;

	private final Session user;

	private final List<JsonNode> held = new ArrayList<>();

	private CallDevice(RawStompClient client, Session user) {
		this.client = client;
		this.user = user;
	}

	public static CallDevice connect(int port, Session user) {
		RawStompClient client = RawStompClient.open(port, null);
		Frame connected = client.connect(user.accessToken());
		if (!"CONNECTED".equals(connected.command())) {
			throw new IllegalStateException("Not connected: " + connected);
		}
		client.subscribe("calls", "/user/queue/calls");
		client.subscribe("errors", "/user/queue/errors");
		client.subscribe("messages", "/user/queue/messages");
		return new CallDevice(client, user);
	}

	public Session user() {
		return this.user;
	}

	public RawStompClient client() {
		return this.client;
	}

	/** Sends a call request ({@code /app/call.<action>}). */
	public void send(String action, Map<String, ?> body) {
		this.client.sendJson("/app/call." + action, JSON.writeValueAsString(body));
	}

	/** The next call event of the type, within the wait; fails without one. */
	public JsonNode next(String type) {
		return next(type, WAIT);
	}

	/** The next call event of the type, within the given wait; fails without one. */
	public JsonNode next(String type, Duration wait) {
		JsonNode found = poll(type, wait);
		if (found == null) {
			throw new AssertionError(
					this.user.username() + " got no '" + type + "' within " + wait + "; held: " + this.held);
		}
		return found;
	}

	/** Whether no call event of the type arrives within the wait. */
	public boolean none(String type, Duration wait) {
		return poll(type, wait) == null;
	}

	/** The next error on the errors queue; fails without one. */
	public JsonNode error() {
		Frame frame = this.client.nextOn("errors", WAIT);
		if (frame == null) {
			throw new AssertionError(this.user.username() + " got no error within " + WAIT);
		}
		return JSON.readTree(frame.body());
	}

	/** The next message pushed on the messages queue; fails without one. */
	public JsonNode message() {
		Frame frame = this.client.nextOn("messages", WAIT);
		if (frame == null) {
			throw new AssertionError(this.user.username() + " got no message within " + WAIT);
		}
		return JSON.readTree(frame.body());
	}

	private JsonNode poll(String type, Duration wait) {
		for (Iterator<JsonNode> it = this.held.iterator(); it.hasNext();) {
			JsonNode event = it.next();
			if (type.equals(event.get("type").asString())) {
				it.remove();
				return event;
			}
		}
		long deadline = System.nanoTime() + wait.toNanos();
		while (System.nanoTime() < deadline) {
			Frame frame = this.client.nextOn("calls", Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
			if (frame == null) {
				return null;
			}
			JsonNode event = JSON.readTree(frame.body());
			if (type.equals(event.get("type").asString())) {
				return event;
			}
			this.held.add(event);
		}
		return null;
	}

	@Override
	public void close() {
		this.client.close();
	}

}
