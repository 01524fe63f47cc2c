package im.api.stomp;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * STOMP over WebSocket.
 *
 * @param allowedOrigins browser origins allowed to open {@code /ws}, as patterns such as
 * {@code https://*.example.com} ({@code IM_ALLOWED_ORIGINS}, comma-separated); the
 * server's own origin and non-browser clients (no Origin header) are always allowed
 * @param heartbeat how often the server sends and expects heart-beats
 * ({@code IM_STOMP_HEARTBEAT})
 * @param maxMessageSize the largest STOMP frame a client may send
 * ({@code IM_STOMP_MAX_MESSAGE_SIZE})
 * @param sendBufferSize how much may wait to be sent to one slow client before it is
 * disconnected ({@code IM_STOMP_SEND_BUFFER_SIZE}): the others never wait for it
 * @param sendTimeLimit how long one send to a client may take before it is disconnected
 * ({@code IM_STOMP_SEND_TIME_LIMIT})
 * @param frameBufferSize the size of each of a connection's WebSocket buffers (frame
 * input and output, message assembly, encoding; {@code IM_STOMP_FRAME_BUFFER_SIZE}):
 * every connection holds them while open, so they are small, and a frame larger than them
 * is read and written in parts
 * @param socketBufferSize the size of each HTTP connection's socket read and write
 * buffers ({@code IM_STOMP_SOCKET_BUFFER_SIZE}); once it is a WebSocket connection, its
 * read buffer shrinks to {@code frameBufferSize} and its write buffer, which frames
 * bypass, to 256 bytes
 * @param fanoutThreads threads fanning live-room messages out to their audience
 * ({@code IM_STOMP_FANOUT_THREADS}); 0 for twice the processors (on 2 cores, 4 gave a
 * 5,000-connection room a shorter burst tail than 2, see docs/benchmarks.md)
 * @param roomBatchWindow how long a live room's messages are merged before they leave
 * together, one write per connection ({@code IM_ROOM_BATCH_WINDOW}): a message to a quiet
 * room leaves at once, the next batch starts at least this long after the one before
 * started, and half of it after that one was queued to the whole audience; 0 sends each
 * message on its own (docs/benchmarks.md measures the trade)
 * @param directWrites whether frames are written past Tomcat's per-message WebSocket
 * path, several in one socket write ({@code IM_STOMP_DIRECT_WRITES}); false sends each
 * frame through the standard WebSocket API, should a Tomcat upgrade need it
 * @param connectTimeout how long a client may take from opening the WebSocket to a
 * complete CONNECT frame before it is disconnected ({@code IM_STOMP_CONNECT_TIMEOUT}): a
 * connection that never says who it is holds a socket and memory for nothing
 * @param frameTimeout how long a frame may take from its first byte to its last before
 * the connection is closed ({@code IM_STOMP_FRAME_TIMEOUT}): a client trickling a frame,
 * or one that sent half of it, holds the part in the server's memory
 */
@ConfigurationProperties("im.websocket")
public record WebSocketSettings(@DefaultValue List<String> allowedOrigins, @DefaultValue("10s") Duration heartbeat,
		@DefaultValue("64KB") DataSize maxMessageSize, @DefaultValue("512KB") DataSize sendBufferSize,
		@DefaultValue("10s") Duration sendTimeLimit, @DefaultValue("512B") DataSize frameBufferSize,
		@DefaultValue("4KB") DataSize socketBufferSize, @DefaultValue("0") int fanoutThreads,
		@DefaultValue("100ms") Duration roomBatchWindow, @DefaultValue("true") boolean directWrites,
		@DefaultValue("10s") Duration connectTimeout, @DefaultValue("10s") Duration frameTimeout) {

}
