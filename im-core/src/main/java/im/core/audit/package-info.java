/**
 * The audit trail of administrative actions: stored once, searchable, never changed.
 */
package im.core.audit;
