/**
 * Calls in conversations: the call state machine (ringing, active, ended), who takes part
 * from which connection, and forwarding offer, answer and ICE candidates only between the
 * connections in the same call. State lives in the database, so that every instance of a
 * cluster sees the same calls; everything sent to clients goes through the delivery bus.
 */
package im.signaling.call;
