/**
 * Administration of the message search index.
 */
package im.admin.search;
