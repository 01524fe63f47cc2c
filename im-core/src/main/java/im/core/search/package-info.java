/**
 * Message search: one text analysis for both run modes, a Lucene index standalone and
 * PostgreSQL's {@code message_search} in a cluster, an indexer that keeps it caught up
 * with the messages table, and every hit checked against the message as it is now.
 */
package im.core.search;
