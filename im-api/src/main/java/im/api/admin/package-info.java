/**
 * What the admin REST operations (im-admin) share in the running application: the audit
 * trail every one of them leaves.
 */
package im.api.admin;
