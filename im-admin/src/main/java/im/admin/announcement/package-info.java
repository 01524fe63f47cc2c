/**
 * System notices from administrators to everyone online or to a live room.
 */
package im.admin.announcement;
