package im.core.webhook;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import im.core.webhook.WebhookDeliveries.Claimed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The sender against a real HTTP server, its table a mock: what it sends, what it records
 * of each answer, and that it works again after a stop and a start (Spring's tests pause
 * the contexts they cache that way).
 */
class WebhookSenderTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private final WebhookDeliveries deliveries = mock(WebhookDeliveries.class);

	private final WebhookEndpointHealth health = mock(WebhookEndpointHealth.class);

	private final WebhookSettings settings = new WebhookSettings(true, Duration.ofSeconds(1), Duration.ofMillis(200),
			Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMillis(50),
			Duration.ofDays(1));

	private final WebhookSender sender = new WebhookSender(this.deliveries, this.health,
			mock(WebhookSubscriptions.class), this.settings, Clock.systemUTC());

	private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();

	private volatile int answer = 204;

	private HttpServer server;

	@BeforeEach
	void receiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			this.received.add(exchange.getRequestHeaders().getFirst("webhook-id") + " "
					+ exchange.getRequestHeaders().getFirst("webhook-signature") + " "
					+ new String(exchange.getRequestBody().readAllBytes()));
			exchange.sendResponseHeaders(this.answer, -1);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.sender.stop();
		this.server.stop(0);
	}

	@Test
	void sendsSignedAndRecordsADeliveryThenAFailureWithItsNextAttempt() throws InterruptedException {
		Claimed first = claimed(1, "evt_1", 0);
		when(this.deliveries.claim(anyInt(), any(), any())).thenReturn(List.of(first), List.of());
		this.sender.start();
		String request = this.received.poll(5, TimeUnit.SECONDS);
		assertThat(request).startsWith("evt_1 v1,").endsWith("{\"n\":1}");
		verify(this.deliveries, timeout(5000)).delivered(eq(first), eq(204), anyInstant());
		verify(this.health, timeout(5000)).succeeded(7);

		this.answer = 503;
		Claimed second = claimed(2, "evt_2", 2);
		when(this.deliveries.claim(anyInt(), any(), any())).thenReturn(List.of(second), List.of());
		this.sender.wake();
		assertThat(this.received.poll(5, TimeUnit.SECONDS)).startsWith("evt_2 ");
		// its third failed attempt: the next one after 200 ms doubled twice
		ArgumentCaptor<Instant> at = ArgumentCaptor.forClass(Instant.class);
		ArgumentCaptor<Instant> next = ArgumentCaptor.forClass(Instant.class);
		verify(this.deliveries, timeout(5000)).failed(eq(second), eq(503), eq("The endpoint answered HTTP 503."),
				at.capture(), next.capture());
		assertThat(Duration.between(at.getValue(), next.getValue())).isEqualTo(Duration.ofMillis(800));
		verify(this.health, timeout(5000)).failed(eq(7L), anyInstant(), eq(Duration.ofHours(1)));
	}

	@Test
	void sendsAgainAfterAStopAndAStart() throws InterruptedException {
		when(this.deliveries.claim(anyInt(), any(), any())).thenReturn(List.of());
		this.sender.start();
		this.sender.stop();
		assertThat(this.sender.isRunning()).isFalse();

		Claimed after = claimed(3, "evt_3", 0);
		when(this.deliveries.claim(anyInt(), any(), any())).thenReturn(List.of(after), List.of());
		this.sender.start();
		assertThat(this.sender.isRunning()).isTrue();
		assertThat(this.received.poll(5, TimeUnit.SECONDS)).as("sent by the restarted sender").startsWith("evt_3 ");
		verify(this.deliveries, timeout(5000)).delivered(eq(after), eq(204), anyInstant());
	}

	private Claimed claimed(long id, String eventId, int attempts) {
		return new Claimed(id, 7, "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook", SECRET, eventId,
				"{\"n\":" + id + "}", attempts, Instant.now().plus(Duration.ofMinutes(1)), "lease-" + id);
	}

	private static Instant anyInstant() {
		return any(Instant.class);
	}

}
