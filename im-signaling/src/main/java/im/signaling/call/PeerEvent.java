package im.signaling.call;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one connection in a call hears about its peers (the other connections in the
 * call), pushed on {@code /user/queue/calls} to that connection only. (Not a live room's
 * event: that is {@code im.core.room.RoomEvent}.)
 */
public sealed interface PeerEvent {

	/** The event's name on the wire. */
	@JsonProperty("type")
	String type();

	long callId();

	/**
	 * Answers a connection that joined: who it is in the call and who is already there.
	 * Those already there send the offers (one offerer for each pair).
	 */
	record Joined(long callId, long conversationId, CallKind kind, CallState state, long peerId,
			List<Peer> peers) implements PeerEvent {

		@Override
		public String type() {
			return "call-room";
		}

	}

	/** Someone joined: send them an offer. */
	record PeerJoined(long callId, Peer peer) implements PeerEvent {

		@Override
		public String type() {
			return "peer-joined";
		}

	}

	/** Someone left: close the connection to them. */
	record PeerLeft(long callId, Peer peer) implements PeerEvent {

		@Override
		public String type() {
			return "peer-left";
		}

	}

	/** A signal from another participant, as they sent it. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Forwarded(long callId, Peer from, SignalKind kind, String sdp, IceCandidate candidate) implements PeerEvent {

		@Override
		public String type() {
			return "signal";
		}

	}

}
