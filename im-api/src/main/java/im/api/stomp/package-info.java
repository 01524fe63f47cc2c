/**
 * STOMP over WebSocket at /ws: CONNECT authentication, authorisation of destinations,
 * ERROR frames, and closing sessions whose token expired.
 */
package im.api.stomp;
