package im.signaling.call;

/**
 * Someone in a call, as the others see them.
 *
 * @param peerId names this participation (one connection) when addressing signals
 * @param userId who it is
 */
public record Peer(long peerId, long userId) {

}
