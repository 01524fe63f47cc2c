/**
 * Live rooms: an audience of connections subscribed to a room's topic, comments from its
 * members, integrator pushes to it, and its online count across instances. Nothing said
 * in a room is stored.
 */
package im.core.room;
