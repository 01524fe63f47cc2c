/**
 * The error catalogue shared by every adapter: REST problem details and STOMP errors
 * speak the same codes.
 */
package im.core.error;
