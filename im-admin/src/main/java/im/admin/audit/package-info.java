/**
 * Reading the audit trail of administrative actions.
 */
package im.admin.audit;
