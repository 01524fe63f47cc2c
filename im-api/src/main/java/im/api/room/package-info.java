/** Live rooms for clients: REST to find them, STOMP to join and comment. */
package im.api.room;
