package im.api.auth;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;

/** Accounts and authentication in standalone mode: H2, in-memory counters. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "im.websocket.allowed-origins=" + AuthenticationTests.ALLOWED_ORIGIN)
@ActiveProfiles("test")
class StandaloneAuthenticationTests extends AuthenticationTests {

}
