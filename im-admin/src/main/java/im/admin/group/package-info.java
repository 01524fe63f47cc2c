/**
 * Administering groups: finding them, their members, removing and muting members, muting
 * and dissolving groups.
 */
package im.admin.group;
