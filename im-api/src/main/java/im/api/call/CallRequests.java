package im.api.call;

import im.signaling.call.CallKind;
import im.signaling.call.IceCandidate;
import im.signaling.call.SignalKind;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The bodies of STOMP call requests. */
final class CallRequests {

	private CallRequests() {
	}

	/** Start a call in a conversation, or join the one running there. */
	record StartCall(@NotNull Long conversationId, @NotNull CallKind kind, @Size(max = 64) String requestId) {

	}

	/** Join, decline or leave a call. */
	record CallAction(@NotNull Long callId, @Size(max = 64) String requestId) {

	}

	/** An offer, answer or ICE candidate for the participant {@code to}. */
	record SendSignal(@NotNull Long callId, @NotNull Long to, @NotNull SignalKind kind, String sdp,
			IceCandidate candidate, @Size(max = 64) String requestId) {

	}

}
