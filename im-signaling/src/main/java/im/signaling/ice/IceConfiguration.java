package im.signaling.ice;

import java.time.Instant;
import java.util.List;

/**
 * What a client passes to {@code new RTCPeerConnection(...)}, and when its TURN
 * credentials stop working (fetch new ones for a call that starts after that).
 */
public record IceConfiguration(List<IceServer> iceServers, Instant expiresAt) {

}
