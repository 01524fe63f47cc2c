package im.api.auth;

import im.support.ClusterServices;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Accounts and authentication in cluster mode: real PostgreSQL, Redis counters, Kafka up.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "im.websocket.allowed-origins=" + AuthenticationTests.ALLOWED_ORIGIN)
@ActiveProfiles({ "test", "cluster" })
class ClusterAuthenticationTests extends AuthenticationTests {

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		ClusterServices.register(registry);
	}

}
