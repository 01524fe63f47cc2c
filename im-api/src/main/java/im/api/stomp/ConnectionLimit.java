package im.api.stomp;

import java.lang.management.ManagementFactory;

import com.sun.management.UnixOperatingSystemMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says at start when the process may not open as many files as it may accept connections
 * ({@code IM_MAX_CONNECTIONS}): each connection is an open socket, and past the operating
 * system's limit new connections fail with "too many open files" long before the
 * configured limit. The limit is raised outside the process ({@code ulimit -n},
 * {@code ulimits} in docker-compose.yml, {@code LimitNOFILE} for systemd).
 */
@Component
class ConnectionLimit {

	private static final Logger log = LoggerFactory.getLogger(ConnectionLimit.class);

	/** Files the process needs besides its connections: jars, logs, the database. */
	private static final long OTHER_FILES = 1000;

	private final int maxConnections;

	ConnectionLimit(@Value("${server.tomcat.max-connections}") int maxConnections) {
		this.maxConnections = maxConnections;
	}

	@EventListener(ApplicationReadyEvent.class)
	void check() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean system) {
			long files = system.getMaxFileDescriptorCount();
			if (files < this.maxConnections + OTHER_FILES) {
				log.warn(
						"This process may open {} files, but IM_MAX_CONNECTIONS allows {} connections: past about {} "
								+ "connections new ones will fail. Raise the open-file limit (ulimit -n, ulimits in "
								+ "docker-compose.yml, LimitNOFILE for systemd) or lower IM_MAX_CONNECTIONS.",
						files, this.maxConnections, Math.max(0, files - OTHER_FILES));
			}
		}
	}

}
