package im.api.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The port of the management server ({@code IM_MANAGEMENT_PORT}), if it has its own:
 * requests that arrive on it are an operator's, from the internal network. Known once the
 * management server has started (the setting may be 0, a free port).
 */
@Component
class ManagementPort {

	private volatile int port = -1;

	/**
	 * A management server of its own starts in a child context named "management" (not
	 * when the setting is empty or names the main port); its event reaches this context.
	 */
	@EventListener
	void on(WebServerInitializedEvent event) {
		if (WebServerApplicationContext.hasServerNamespace(event.getApplicationContext(), "management")) {
			this.port = event.getWebServer().getPort();
		}
	}

	boolean receives(HttpServletRequest request) {
		int known = this.port;
		return known > 0 && request.getLocalPort() == known;
	}

}
