/**
 * Operators: the admin REST operations under /api/v1/admin and the console under /admin.
 * Depends on im-core only.
 */
package im.admin;
