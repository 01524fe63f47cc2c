/**
 * Administering users: finding them, their connections, banning, muting, passwords and
 * roles.
 */
package im.admin.user;
