package im.api.stomp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import im.support.Api;
import im.support.Api.Session;
import im.support.RawStompClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Java's HttpClient opens a WebSocket on a connection from its pool when it has one: one
 * that already carried the client's REST calls. Tomcat closes a connection after its
 * hundredth request by default and says so in that response, a handshake's included,
 * which then answers {@code Connection: upgrade, close}, and the JDK refuses it: an
 * integrator's Java client failed to connect once in a hundred handshakes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class PooledConnectionUpgradeTests {

	@LocalServerPort
	int port;

	@Test
	void aWebSocketOpensOnAConnectionThatCarriedAHundredRequests() throws Exception {
		Session user = new Api(this.port).newUser("pooled");
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest page = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/")).build();
		// one connection, reused: the handshake is its hundredth request
		for (int i = 0; i < 99; i++) {
			assertThat(http.send(page, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
		}
		try (RawStompClient client = RawStompClient.open(http, this.port, null)) {
			assertThat(client.connect(user.accessToken()).command()).isEqualTo("CONNECTED");
		}
	}

}
