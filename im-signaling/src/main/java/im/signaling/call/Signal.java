package im.signaling.call;

/**
 * A signal for one other participant: an offer or answer carries {@code sdp}, a candidate
 * carries {@code candidate}.
 */
public record Signal(long callId, long to, SignalKind kind, String sdp, IceCandidate candidate) {

}
