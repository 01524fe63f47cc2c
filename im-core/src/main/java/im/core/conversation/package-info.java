/**
 * Conversations: direct and group, members and roles, read marks, and the lock under
 * which a conversation's messages take their gap-free sequence numbers.
 */
package im.core.conversation;
