/**
 * The numbers an operator watches: who is online where, traffic, rooms, calls.
 */
package im.admin.dashboard;
