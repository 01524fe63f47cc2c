package im.api.stomp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * How well the connections' writes gather their frames: {@code im.websocket.frames}
 * counts the WebSocket frames written, {@code im.websocket.writes} the socket writes that
 * carried them (their ratio is the frames per write; a busy room's batches raise it).
 * {@code im.websocket.buffers.released} counts the bytes of socket buffer that
 * connections gave back when they became WebSocket ones (about 7 KB each by default; 0
 * says this Tomcat keeps its HTTP-sized buffers for every open connection).
 */
@Component
class WriteMeters {

	private final Counter frames;

	private final Counter writes;

	private final Counter buffersReleased;

	WriteMeters(MeterRegistry registry) {
		this.frames = Counter.builder("im.websocket.frames")
			.description("WebSocket frames written to clients")
			.register(registry);
		this.writes = Counter.builder("im.websocket.writes")
			.description("Socket writes that carried the frames written to clients")
			.register(registry);
		this.buffersReleased = Counter.builder("im.websocket.buffers.released")
			.description("Bytes of socket buffer that connections gave back when they became WebSocket ones")
			.baseUnit("bytes")
			.register(registry);
	}

	/** One write, of that many frames. */
	void wrote(int frames) {
		this.frames.increment(frames);
		this.writes.increment();
	}

	/** A connection that became a WebSocket one gave back that many bytes of buffer. */
	void releasedBuffers(int bytes) {
		this.buffersReleased.increment(bytes);
	}

}
