package im.api.web;

import org.apache.tomcat.util.threads.VirtualThreadExecutor;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The threads Tomcat handles requests, WebSocket frames and the completions of
 * non-blocking writes on: a virtual thread for each, rather than a pool of 200 platform
 * threads.
 * <p>
 * Why: on a busy instance every request and frame is a hand-off from Tomcat's poller to
 * another thread, and with a pool that is the kernel waking one of 200 threads, each with
 * a stack the cache no longer holds. Measured on one core (docs/benchmarks.md): a push
 * request 12% cheaper, a reconnect storm of 10,000 clients 30% cheaper per connection and
 * back in two thirds of the time, the p99 of a chat message 7 ms instead of 34 ms at
 * 1,200 messages a second. Only Tomcat's threads change: the application's own executors
 * (the chat writers, the room fan-out, the scheduler) are as they were.
 */
@Configuration(proxyBeanMethods = false)
class RequestThreads {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> requestThreadExecutor(Settings settings) {
		return (factory) -> {
			if (settings.virtual()) {
				factory.addProtocolHandlerCustomizers(
						(protocol) -> protocol.setExecutor(new VirtualThreadExecutor("http-")));
			}
		};
	}

	/**
	 * @param virtual whether Tomcat handles requests and frames on virtual threads
	 * ({@code IM_HTTP_VIRTUAL_THREADS}); false uses Tomcat's pool of platform threads
	 * ({@code server.tomcat.threads.*}). On Java 21 to 23 a virtual thread that blocks
	 * inside {@code synchronized} code holds its carrier thread; Java 24 and newer (the
	 * container image's) do not have that limit
	 */
	@ConfigurationProperties("im.http.threads")
	record Settings(@DefaultValue("true") boolean virtual) {

	}

}
