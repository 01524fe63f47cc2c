package im.api.stomp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * How well the connections' writes gather their frames: {@code im.websocket.frames}
 * counts the WebSocket frames written, {@code im.websocket.writes} the socket writes that
 * carried them (their ratio is the frames per write; a busy room's batches raise it).
 */
@Component
class WriteMeters {

	private final Counter frames;

	private final Counter writes;

	WriteMeters(MeterRegistry registry) {
		this.frames = Counter.builder("im.websocket.frames")
			.description("WebSocket frames written to clients")
			.register(registry);
		this.writes = Counter.builder("im.websocket.writes")
			.description("Socket writes that carried the frames written to clients")
			.register(registry);
	}

	/** One write, of that many frames. */
	void wrote(int frames) {
		this.frames.increment(frames);
		this.writes.increment();
	}

}
