package im.signaling.call;

/**
 * An ICE candidate as the browser's {@code RTCIceCandidateInit} has it; an empty
 * {@code candidate} says gathering ended.
 */
public record IceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex, String usernameFragment) {

}
