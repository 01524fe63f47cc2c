package im.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * A coturn TURN server of the test's own, on loopback, started from Debian's
 * {@code turnserver} by hand (not as the system service), checking TURN REST API
 * credentials with a shared secret. For tests only it relays to loopback peers
 * ({@code allow-loopback-peers}), which a production server must refuse.
 */
public final class Coturn implements AutoCloseable {

	private static final Path TURNSERVER = Path.of("/usr/bin/turnserver");

	private final Process process;

	private final int port;

	private final Path folder;

	private Coturn(Process process, int port, Path folder) {
		this.process = process;
		this.port = port;
		this.folder = folder;
	}

	public static boolean installed() {
		return Files.isExecutable(TURNSERVER);
	}

	/** Skips the calling test without coturn, or fails it where browsers are required. */
	public static void assumeInstalled() {
		if (!installed() && System.getenv("IM_REQUIRE_BROWSER") != null) {
			throw new IllegalStateException(
					"IM_REQUIRE_BROWSER is set but " + TURNSERVER + " is missing: apt-get install coturn");
		}
		Assumptions.assumeTrue(installed(), "coturn is not installed (Debian: coturn)");
	}

	public static Coturn start(String secret) {
		try {
			Path folder = Files.createTempDirectory("im-coturn");
			int port = RealServices.freePort();
			int relayFrom = 50_000 + (port % 10_000);
			Path config = folder.resolve("turnserver.conf");
			Files.write(config, List.of("listening-ip=127.0.0.1", "relay-ip=127.0.0.1", "listening-port=" + port,
					"min-port=" + relayFrom, "max-port=" + (relayFrom + 40), "realm=im.test", "use-auth-secret",
					"static-auth-secret=" + secret, "no-tls", "no-dtls", "no-cli", "fingerprint", "no-multicast-peers",
					"allow-loopback-peers", "userdb=" + folder.resolve("turndb"), "pidfile=" + folder.resolve("pid"),
					"log-file=" + folder.resolve("turn.log"), "simple-log"));
			Process process = new ProcessBuilder(TURNSERVER.toString(), "-c", config.toString())
				.redirectErrorStream(true)
				.redirectOutput(folder.resolve("stdout.log").toFile())
				.start();
			Coturn coturn = new Coturn(process, port, folder);
			coturn.awaitListening();
			return coturn;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start coturn", ex);
		}
	}

	public int port() {
		return this.port;
	}

	/** The TURN server's log, for a failing test's message. */
	public String log() {
		try {
			return Files.readString(this.folder.resolve("stdout.log"));
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	private void awaitListening() {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			try (java.net.Socket socket = new java.net.Socket("127.0.0.1", this.port)) {
				return;
			}
			catch (IOException ex) {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("coturn stopped: " + log());
				}
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
		throw new IllegalStateException("coturn did not listen on " + this.port + ": " + log());
	}

	@Override
	public void close() {
		this.process.destroy();
	}

}
