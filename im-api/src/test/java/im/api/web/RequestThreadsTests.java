package im.api.web;

import java.util.concurrent.Executor;

import im.support.StandaloneModeTest;
import org.apache.tomcat.util.threads.VirtualThreadExecutor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tomcat hands requests and frames to virtual threads by default
 * ({@code IM_HTTP_VIRTUAL_THREADS}), not to its pool of platform threads.
 */
@StandaloneModeTest
class RequestThreadsTests {

	@Autowired
	WebServerApplicationContext context;

	@Test
	void requestsAndFramesAreHandledOnVirtualThreads() {
		Executor executor = ((TomcatWebServer) this.context.getWebServer()).getTomcat()
			.getConnector()
			.getProtocolHandler()
			.getExecutor();
		assertThat(executor).isInstanceOf(VirtualThreadExecutor.class);
	}

}
