package im.signaling.call;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The WebRTC messages a participant sends another. A renegotiation or an ICE restart is a
 * new offer and answer.
 */
public enum SignalKind {

	@JsonProperty("offer")
	OFFER,

	@JsonProperty("answer")
	ANSWER,

	@JsonProperty("candidate")
	CANDIDATE

}
