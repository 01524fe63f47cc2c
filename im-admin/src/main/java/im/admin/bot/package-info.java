/** Admin operations on bots: create them with their keys, list them, renew a key. */
package im.admin.bot;
