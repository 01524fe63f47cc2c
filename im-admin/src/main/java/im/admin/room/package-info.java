/** Admin operations on live rooms. */
package im.admin.room;
