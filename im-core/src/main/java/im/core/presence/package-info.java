/** Presence (online, last seen) and the devices each user has connected. */
package im.core.presence;
