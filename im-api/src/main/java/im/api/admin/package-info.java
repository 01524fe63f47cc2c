/**
 * What the admin REST operations (im-admin) share in the running application: the audit
 * trail every one of them leaves, the console at /admin, and the dashboard, whose figures
 * come from every module (im-admin uses im-core only).
 */
package im.api.admin;
