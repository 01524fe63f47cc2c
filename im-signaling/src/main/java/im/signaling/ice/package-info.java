/**
 * The STUN and TURN servers clients use to connect their calls, with short-lived TURN
 * credentials in the TURN REST API form that coturn checks with a shared secret.
 */
package im.signaling.ice;
