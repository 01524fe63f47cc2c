/**
 * WebRTC calls: call rooms, the call state machine, forwarding offer, answer and
 * candidate only between members of a room, and ICE servers with short-lived TURN
 * credentials. Depends on im-core only.
 */
package im.signaling;
